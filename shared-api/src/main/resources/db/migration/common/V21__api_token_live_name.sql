-- Names of live tokens are unique (case aside): a token's name is the actor the audit shows. live_name is the
-- lower-cased name while the token is live and null once revoked, so the unique index covers live tokens only.
-- Existing live tokens that share a name: the oldest keeps it; the others stay live but hold no live_name (an
-- operator revokes them and issues new ones under other names).
alter table api_token add column live_name varchar(128);
update api_token t set live_name = lower(t.name)
where t.revoked_at is null and not exists (
    select 1 from api_token o
    where o.revoked_at is null and lower(o.name) = lower(t.name)
      and (o.created_at < t.created_at or (o.created_at = t.created_at and o.token_id < t.token_id)));
create unique index ux_api_token_live_name on api_token (live_name);
