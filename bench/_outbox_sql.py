"""The outbox statements hand-written baselines share (PostgreSQL, asyncpg parameters).

What ``emit`` writes besides the event row: the aggregate's next sequence, and one pending
delivery per subscriber.
"""

from __future__ import annotations

__all__ = ["DELIVERIES", "SEQUENCE"]

SEQUENCE = """
INSERT INTO core_aggregate_sequences (tenant_id, aggregate_type, aggregate_id, last_sequence)
VALUES ($1, $2, $3, 1)
ON CONFLICT (tenant_id, aggregate_type, aggregate_id)
DO UPDATE SET last_sequence = core_aggregate_sequences.last_sequence + 1
RETURNING last_sequence
"""
# $1 event id, $2 tenant, $3 aggregate key, $4 sequence, $5 now, $6 the subscribers.
DELIVERIES = """
INSERT INTO core_event_deliveries
(event_id, subscriber, tenant_id, aggregate_key, sequence, state, attempts, next_attempt_at,
 created_at)
SELECT $1::uuid, subscriber, $2::uuid, $3::text, $4::bigint, 'pending', 0, $5::timestamptz,
       $5::timestamptz
FROM unnest($6::text[]) AS subscriber
"""
