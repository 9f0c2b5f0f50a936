"""The event pipeline: a transactional outbox, delivery to subscribers, and the runners.

A mutation writes its rows and its events in one transaction (:meth:`EventBus.emit`). The
dispatcher claims deliveries by state, hands each event to its subscriber in per-aggregate
order and records the receipt in the same transaction as the subscriber's effects, so a
redelivered event has no second effect. See docs/adr/0002-event-delivery-guarantee.md.
"""
