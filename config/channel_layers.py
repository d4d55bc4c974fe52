"""The channel layer configuration, shared by the settings and the tests that exercise real Redis.

Why the pub/sub layer, configured like this (measured on this machine, channels-redis 4.3, redis-py 8):
- The core `RedisChannelLayer` keeps group membership in sorted sets with an expiry (`group_expiry`,
  default 1 day) and per-channel queues with a `capacity` (default 100): an operator whose tab stays open
  longer than the expiry silently leaves the `operators` group, and a burst over capacity is dropped.
  Its receive loop is a 5 s blocking BZPOPMIN over connections whose default socket timeout is also 5 s,
  so on an idle layer a consumer per worker dies about every 5 s; and its default pool of 100
  connections refuses the 101st socket's `group_add` (HTTP 500 at the handshake).
- The pub/sub layer has none of that: groups are Redis subscriptions held by one connection per worker
  (no expiry, no capacity, no pool per socket), messages are fanned out inside the worker. A message
  published while a worker is disconnected from Redis is lost, as with any pub/sub; pages re-fetch their
  state on reconnect (crisis banners, notification catch-up from the last id seen).

The connection options keep that single subscriber connection healthy through long quiet periods:
TCP keepalive, a PING health check, and no read timeout shorter than the layer's own polling.
"""

# Seconds between PINGs on an idle connection; dead connections are noticed and reopened.
HEALTH_CHECK_SECONDS = 15


def redis_channel_layer(url):
    return {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {
            "hosts": [
                {
                    "address": url,
                    "socket_keepalive": True,
                    "socket_connect_timeout": 5,
                    "socket_timeout": 30,
                    "health_check_interval": HEALTH_CHECK_SECONDS,
                    "retry_on_timeout": True,
                }
            ],
            "prefix": "sportello",
        },
    }


def in_memory_channel_layer():
    return {"BACKEND": "channels.layers.InMemoryChannelLayer"}
