-- Hints show at most the last four characters of a secret, and nothing of one shorter than sixteen
-- (docs/decisions/0060). Hints projected before showed up to three leading and four trailing characters, or two
-- trailing ones for secrets of 8 to 15 characters: cut them down here. Events keep their old hints (they are never
-- rewritten); every read of them goes through an upcaster that reduces them the same way, so a replay projects the
-- short form again.
update qr_credential
   set secret_hint = case when secret_hint like '%…____' then '…' || right(secret_hint, 4) else '…' end
 where secret_hint is not null
   and secret_hint <> '…'
   and not (secret_hint like '…____' and char_length(secret_hint) = 5);
