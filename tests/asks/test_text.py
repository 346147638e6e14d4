"""Text preparation: folding keeps indices, masking keeps the sender's own words."""

from __future__ import annotations

from relmanager.services.asks.text import fold, mask_body, mask_subject, segment


def _kept(body: str) -> str:
    masked, _ = mask_body(body, fold(body))
    return " ".join(masked.split())


def test_fold_keeps_length_and_drops_accents() -> None:
    for text in ("Hättest du Interesse?", "¿TE INTERESARÍA?", "İstanbul ﬁne", "Straße – “quoted”",
                 "plain ascii `tick`"):
        folded = fold(text)
        assert len(folded) == len(text)
    assert fold("Hättest du Interesse?") == "hattest du interesse?"
    assert fold("¿TE INTERESARÍA?") == "¿te interesaria?"
    assert fold("It’s") == "it's"
    assert fold("Straße") == "straße"


def test_quoted_lines_are_blanked_in_place() -> None:
    body = "Sounds good.\n> Please buy my book\nSee you"
    masked, regions = mask_body(body, fold(body))
    assert len(masked) == len(body)
    assert "buy" not in masked
    assert masked.endswith("see you")
    assert [r.reason for r in regions] == ["quoted reply line"]


def test_attribution_block_and_everything_after_is_dropped() -> None:
    body = ("Friday works!\n\nOn Wed, Mar 4, 2026 at 9:00 AM Sue <sue@example.com> wrote:\n\n"
            "Could you leave us a review?")
    assert _kept(body) == "friday works!"


def test_wrapped_attribution_line() -> None:
    body = "Yes!\n\nOn Wed, Mar 4, 2026 at 9:00 AM Sue Example\n<sue@example.com> wrote:\n> hi"
    assert _kept(body) == "yes!"


def test_outlook_original_message_and_forward() -> None:
    assert _kept("No thanks.\n\n-----Original Message-----\nFrom: Joe\nBuy now!") == "no thanks."
    assert _kept("FYI\n\n---------- Forwarded message ---------\nFrom: Deals\nBuy!") == "fyi"
    assert _kept("Ok\n\nFrom: Joe Bloggs\nSent: Monday\nTo: me\nBuy!") == "ok"


def test_signature_after_dashes() -> None:
    assert _kept("Photos attached.\n-- \nJohn\nNeed a website? Call us!") == "photos attached."


def test_sign_off_with_name_and_tagline() -> None:
    body = "Thank you for the gift.\n\nBest regards,\nAmy Chen\nFounder, Brightpath\nBook a call!"
    assert _kept(body) == "thank you for the gift."


def test_sign_off_keeps_a_postscript() -> None:
    body = "Great to see you!\n\nCheers,\nPaul\n\nP.S. Know anyone who needs an accountant?"
    assert _kept(body) == "great to see you! p.s. know anyone who needs an accountant?"


def test_thanks_followed_by_a_sentence_is_not_a_signature() -> None:
    body = "Thanks!\nAlso, would you invest in my startup?"
    assert "invest" in _kept(body)


def test_sign_off_words_inside_a_sentence_are_kept() -> None:
    body = "Thanks for dinner. Best wishes to your mum, she was lovely."
    assert _kept(body) == fold(body)


def test_mobile_signatures_in_four_languages() -> None:
    for tail in ("Sent from my iPhone", "Von meinem iPhone gesendet", "Envoyé de mon iPhone",
                 "Enviado desde mi iPhone", "Get Outlook for Android"):
        assert _kept(f"On my way.\n\n{tail}") == "on my way."


def test_reply_subjects_are_ignored() -> None:
    for subject in ("Re: invest?", "AW: Angebot", "Fwd: deal", "RE[2]: x", "TR: offre", "RV: x"):
        masked, regions = mask_subject(subject, fold(subject))
        assert not masked.strip()
        assert regions
    assert mask_subject("Reunion", "reunion")[0] == "reunion"


def test_clauses_split_on_sentences_lines_and_but() -> None:
    text = "hi ben,\nnot selling anything, but would you invest? thanks."
    segments = segment(text)
    assert segments.clause_of(text.index("hi")) != segments.clause_of(text.index("not"))
    assert segments.clause_of(text.index("not")) != segments.clause_of(text.index("would"))
    assert segments.clause_of(text.index("would")) != segments.clause_of(text.index("thanks"))
    assert segments.clause_of(text.index("not")) == segments.clause_of(text.index("anything"))


def test_hard_wrapped_lines_stay_one_sentence() -> None:
    text = ("i am writing to you today because i wanted to ask whether you would\n"
            "consider investing in my startup")
    segments = segment(text)
    assert segments.clause_of(0) == segments.clause_of(text.index("consider"))
