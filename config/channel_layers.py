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
TCP keepalive, a PING health check, and no read timeout shorter than the layer's own polling. Each event
loop's layer holds one subscriber connection and publishes one message at a time (the shard's lock), so
it needs two connections; the pool is capped at LAYER_MAX_CONNECTIONS so nothing can grow it unseen.
The connections are named (CLIENT LIST shows `sportello-layer`).

`ResyncingPubSubChannelLayer` adds one thing: a message published while this process was cut off from
Redis is lost, and an open page would never know. When the subscriber connection comes back after an
error, every socket of the process gets a `live.resync` event and re-reads what it shows (core.consumers).
"""

import asyncio
import logging

from channels_redis.pubsub import RedisPubSubChannelLayer, RedisPubSubLoopLayer, RedisSingleShardConnection
from channels_redis.utils import _wrap_close

logger = logging.getLogger(__name__)

# Seconds between PINGs on an idle connection; dead connections are noticed and reopened.
HEALTH_CHECK_SECONDS = 15
LAYER_MAX_CONNECTIONS = 4
LAYER_CLIENT_NAME = "sportello-layer"
RESYNC_EVENT = {"type": "live.resync"}


def redis_channel_layer(url):
    return {
        "BACKEND": "config.channel_layers.ResyncingPubSubChannelLayer",
        "CONFIG": {
            "hosts": [
                {
                    "address": url,
                    "socket_keepalive": True,
                    "socket_connect_timeout": 5,
                    "socket_timeout": 30,
                    "health_check_interval": HEALTH_CHECK_SECONDS,
                    "retry_on_timeout": True,
                    "max_connections": LAYER_MAX_CONNECTIONS,
                    "client_name": LAYER_CLIENT_NAME,
                }
            ],
            "prefix": "sportello",
        },
    }


def in_memory_channel_layer():
    return {"BACKEND": "channels.layers.InMemoryChannelLayer"}


class ResyncingShardConnection(RedisSingleShardConnection):
    """channels-redis's receive loop, which also tells the process's sockets when it recovers from an error
    (their pages may have missed messages meanwhile)."""

    async def _do_receiving(self):
        failed = False
        while True:
            try:
                if self._pubsub and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
                    if failed:
                        failed = False
                        self._resync_local_channels()
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except (asyncio.CancelledError, asyncio.TimeoutError, GeneratorExit):
                raise
            except Exception as error:
                if not failed:
                    logger.warning("channel layer lost redis error=%s", error)
                failed = True
                await asyncio.sleep(1)

    def _resync_local_channels(self):
        logger.warning("channel layer back on redis sockets=%d", len(self.channel_layer.channels))
        data = self.channel_layer.channel_layer.serialize(RESYNC_EVENT)
        for queue in self.channel_layer.channels.values():
            queue.put_nowait(data)


class ResyncingLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shards = [ResyncingShardConnection(shard.host, self) for shard in self._shards]


class ResyncingPubSubChannelLayer(RedisPubSubChannelLayer):
    def _get_layer(self):
        loop = asyncio.get_running_loop()
        if loop not in self._layers:
            self._layers[loop] = ResyncingLoopLayer(*self._args, **self._kwargs, channel_layer=self)
            _wrap_close(self, loop)
        return self._layers[loop]
