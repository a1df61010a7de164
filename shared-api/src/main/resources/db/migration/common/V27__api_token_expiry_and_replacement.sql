-- Tokens may expire: expires_at is when a token stops authenticating by itself (null: never). A replaced token keeps
-- working for a grace period, which ends its life the same way; replaced_by names its successor. Both tables (the
-- command side's api_token and the query side's qr_api_token) hold the same columns, written by one piece of code.
alter table api_token add column expires_at timestamp(6) with time zone;
alter table api_token add column replaced_by varchar(64);
alter table qr_api_token add column expires_at timestamp(6) with time zone;
alter table qr_api_token add column replaced_by varchar(64);
