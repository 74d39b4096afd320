-- A kept judgement now means that its recipient carries it for its entry (written in the commit of the publish that
-- makes it so, or when the recipient is seen to carry it), so a settled user needs no read of published_state.
-- Judgements kept before were written before their publish: forget them; the next run judges everyone once and keeps
-- them by the new rule.
DELETE FROM judged_recipient;
