"""One test per hard case and language: what must and must not count as an ask."""

from __future__ import annotations

import pytest

from relmanager.services.asks import AskKind, TextField, detect

ASKS = [
    # (lang, subject, body, kind)
    ("en", "", "Would you consider backing my Kickstarter? Even $10 helps.", AskKind.INVEST),
    ("en", "", "This isn't a sales pitch, but would you be open to a demo of our app?",
     AskKind.PITCH),
    ("en", "", "I'm not trying to sell you anything, but our coaching program could save you "
     "hours. Can we book a quick call?", AskKind.PITCH),
    ("en", "", "Could you introduce me to your friend at Stripe? We need a payments partner.",
     AskKind.REFER),
    ("en", "", "Is your company hiring? I'd be grateful if you could pass my CV along.",
     AskKind.HIRE),
    ("en", "", "Could you leave us a review on Google? It helps a small business like ours.",
     AskKind.REVIEW),
    ("en", "", "I'm hosting a webinar on Thursday. Tickets are $49, sign up here!",
     AskKind.PAID_EVENT),
    ("en", "", "My album is out! Please pre-order a copy.", AskKind.BUY),
    ("en", "Would you back my Kickstarter?", "Details below.", AskKind.INVEST),
    ("en", "", "Great seeing you!\n\nCheers,\nPaul\n\nP.S. Could you refer me to your clients "
     "who need a bookkeeper?", AskKind.REFER),
    ("de", "", "Hättest du Interesse, in unser Startup zu investieren?", AskKind.INVEST),
    ("de", "", "Ich will dir nichts verkaufen, aber hättest du 20 Minuten Zeit für eine Demo "
     "unserer Software?", AskKind.PITCH),
    ("de", "", "Könntest du mich deinem Chef vorstellen? Ich möchte ihm unser Produkt zeigen.",
     AskKind.REFER),
    ("de", "", "Würdest du mir eine Bewertung auf Google schreiben?", AskKind.REVIEW),
    ("de", "", "MÖCHTEST DU MEIN BUCH KAUFEN?", AskKind.BUY),
    ("fr", "", "Seriez-vous intéressé pour investir dans notre start-up ?", AskKind.INVEST),
    ("fr", "", "Pourrais-tu me recommander auprès de ton directeur ?", AskKind.REFER),
    ("fr", "", "Inscrivez-vous à notre webinaire de jeudi, 49 € la place.", AskKind.PAID_EVENT),
    ("fr", "", "Est-ce que ta boîte recrute ? Je peux t'envoyer mon CV.", AskKind.HIRE),
    ("es", "", "¿Te interesaría invertir en nuestra startup?", AskKind.INVEST),
    ("es", "", "¿Podrías dejarnos una reseña en Amazon?", AskKind.REVIEW),
    ("es", "", "No te quiero vender nada, pero ¿te interesaría una demo de nuestra aplicación?",
     AskKind.PITCH),
    ("es", "", "¿Quieres comprar uno de mis cuadros?", AskKind.BUY),
]

NOT_ASKS = [
    # (lang, subject, body, why)
    ("en", "", "I'm not trying to sell you anything, I just wanted to say congrats!", "negation"),
    ("en", "", "Don't worry, this is not a sales pitch. Thanks for the advice!", "negation"),
    ("en", "", "Happy to refer you to my accountant, she's great.", "offer to refer"),
    ("en", "", "Let me know if I can introduce you to anyone at the conference.", "offer"),
    ("en", "", "I'd love to buy you a coffee next week.", "buy you a coffee"),
    ("en", "", "Let me buy you a drink to say thanks!", "buy you a drink"),
    ("en", "", "Can you help me move house on Saturday? Pizza is on me.", "personal favour"),
    ("en", "", "Could you feed the cat while we're away?", "personal favour"),
    ("en", "", "Could you buy some bread on your way over?", "errand"),
    ("en", "", "Come to my birthday party on Saturday! Free food, bring anyone.", "free party"),
    ("en", "", "We'd love to offer you the senior engineer position.", "job offer to the reader"),
    ("en", "", "Thanks for recommending me to Jane, lunch is on me.", "thanks for a referral"),
    ("en", "", "Just backed your Kickstarter! Good luck.", "the writer gave"),
    ("en", "", "He'd prefer me to drive, could you come along?", "word boundary: prefer me"),
    ("en", "", "Could you recommend me a good book for the holidays?", "asks for advice"),
    ("en", "", "Do you want to buy tickets together for the festival?", "shared plan"),
    ("en", "", "Would you back me up in the meeting tomorrow?", "back me up"),
    ("en", "", "Can you lend me 50 euros until Friday?", "personal favour with money"),
    ("en", "Re: would you invest in our fund?", "Sorry, not this time.", "reply subject"),
    ("en", "", "See you Friday!\n\nOn Tue, 3 Mar 2026 at 10:12, Kevin <k@example.com> wrote:\n"
     "> Would you be interested in investing in my startup?", "quoted reply"),
    ("en", "", "Sounds good.\n> Please buy my book, it's on sale!\n> Kevin", "quoted lines"),
    ("en", "", "Thanks for the photos!\n\n-- \nMike | Turner Consulting\nBook a free demo "
     "of our services today: turner.example", "signature tagline"),
    ("en", "", "Thanks for the gift!\n\nBest regards,\nAmy Chen\nFounder, Brightpath\n"
     "Sign up for my newsletter: brightpath.example", "sign-off tagline"),
    ("en", "", "On my way!\n\nSent from my iPhone", "mobile signature"),
    ("de", "", "Keine Sorge, ich will dir nichts verkaufen. Wie geht's?", "negation"),
    ("de", "", "Ich kann dich gern meiner Chefin vorstellen.", "offer"),
    ("de", "", "Kannst du mir am Samstag beim Umzug helfen?", "favour"),
    ("de", "", "Ich lade dich auf ein Bier ein!", "treat"),
    ("de", "", "Bis Freitag!\n\nAm 02.03.2026 um 09:15 schrieb Karl <k@example.de>:\n"
     "> Möchtest du unser Produkt kaufen?", "quoted reply"),
    ("fr", "", "Je ne cherche pas à te vendre quoi que ce soit, promis.", "negation"),
    ("fr", "", "Si tu veux, je peux te présenter à quelques clients.", "offer"),
    ("fr", "", "Tu pourrais arroser mes plantes ?", "favour"),
    ("fr", "", "Je t'offre un verre ce soir !", "treat"),
    ("fr", "", "À demain.\n\nEnvoyé de mon iPhone", "mobile signature"),
    ("es", "", "Tranquila, no te quiero vender nada.", "negation"),
    ("es", "", "Con gusto te presento a algunas personas en Madrid.", "offer"),
    ("es", "", "¿Puedes ayudarme a mudarme el domingo?", "favour"),
    ("es", "", "Te invito a un café cuando vuelvas.", "treat"),
    ("es", "", "¡Perfecto!\n\nEl mar, 3 mar 2026 a las 11:00, Ana <a@example.es> escribió:\n"
     "> ¿Te gustaría comprar nuestro seguro?", "quoted reply"),
]


@pytest.mark.parametrize(("lang", "subject", "body", "kind"), ASKS)
def test_detects_ask(lang: str, subject: str, body: str, kind: AskKind) -> None:
    finding = detect(subject, body)
    assert finding.is_ask, (lang, body, finding)
    assert finding.kind is kind
    assert finding.evidence


@pytest.mark.parametrize(("lang", "subject", "body", "why"), NOT_ASKS)
def test_not_an_ask(lang: str, subject: str, body: str, why: str) -> None:
    finding = detect(subject, body)
    assert not finding.is_ask, (lang, why, [e.explanation for e in finding.evidence])
    assert finding.kind is None


@pytest.mark.parametrize(("lang", "subject", "body", "kind"), ASKS)
def test_evidence_points_at_the_words(lang: str, subject: str, body: str, kind: AskKind) -> None:
    for span in detect(subject, body).evidence:
        source = subject if span.field is TextField.SUBJECT else body
        assert source[span.start:span.end] == span.text
        assert " ".join(span.text.split())[:40] in span.explanation


def test_explanation_names_the_rule_and_quotes_the_text() -> None:
    finding = detect("", "Please back my campaign on Kickstarter!")
    by_rule = {e.rule_id: e for e in finding.evidence}
    span = by_rule["en.invest.back_campaign"]
    assert span.explanation == 'asks the reader to invest: "back my campaign"'
    assert span.phrase == "back/support/pledge to my/our campaign"
    assert by_rule["en.invest.platform"].explanation == 'mentions fundraising: "Kickstarter"'


def test_negation_is_shown_as_set_aside() -> None:
    finding = detect("", "I'm not asking you to invest, just curious what you think.")
    assert not finding.is_ask
    assert all(item.because.rule_id.split(".")[1] in {"negation", "offer", "thanks"}
               for item in finding.set_aside)


def test_offer_is_shown_as_set_aside() -> None:
    finding = detect("", "If you need a designer, I'd be happy to refer you. Want me to share "
                         "your post with my network?")
    assert not finding.is_ask


def test_subject_evidence_is_marked_as_subject() -> None:
    finding = detect("Would you back my Kickstarter?", "Details below.")
    assert {e.field for e in finding.evidence} == {TextField.SUBJECT}


def test_signature_is_reported_as_ignored() -> None:
    body = "Thanks for the photos!\n\n-- \nMike\nBook a demo: turner.example"
    finding = detect("", body)
    assert [r.reason for r in finding.ignored] == ["signature after '-- '"]
    region = finding.ignored[0]
    assert body[region.start:].startswith("-- ")


def test_case_and_accents_do_not_matter() -> None:
    plain = detect("", "Te interesaria invertir en nuestra startup?")
    accented = detect("", "¿TE INTERESARÍA INVERTIR EN NUESTRA STARTUP?")
    assert plain.is_ask and accented.is_ask
    assert [e.rule_id for e in plain.evidence] == [e.rule_id for e in accented.evidence]


def test_empty_message() -> None:
    finding = detect("", "")
    assert not finding.is_ask
    assert finding.evidence == ()
