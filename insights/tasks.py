from django_tasks import task

from insights.signal_detection import raise_detected_signals


@task()
def raise_business_signals():
    """Emerging problems and spikes of searches without result become signals routed by the impact table
    (every SIGNAL_DETECTION_MINUTES: SPORTELLO_PERIODIC_TASK_SECONDS). Returns how many were raised."""
    return raise_detected_signals()
