"""German ask phrases and guards (folded: "ü" is "u", "ß" stays; see `phrases`)."""

from __future__ import annotations

from relmanager.services.asks.tables import IV, AskTable, B, E, GuardTable, H, P, R, V

# "Könntest du", "Würden Sie", "Hättest du Lust/Interesse": a request to the reader.
REQ = (
    r"(?:(?:konntest|kannst|wurdest|willst|mochtest|magst|hattest|hast) du"
    r"|(?:konnten|wurden|mochten|hatten|waren) sie|(?:konnt|wurdet|wollt|mochtet|habt) ihr"
    r"|bitte)"
)

ASKS: AskTable = (
    ("in_my", IV, 1.0, "in meine/unsere … investieren",
     r"(?:in|bei) (?:mein|unser)\w* <g2>(?:zu )?investier\w*"),
    ("request", IV, 1.0, "hättest du Lust/Interesse … zu investieren/dich zu beteiligen",
     REQ + r" <g4>(?:lust|interesse)\w*,? <g4>(?:zu )?(?:investieren|beteiligen|einzusteigen"
     r"|unterstutzen)"),
    ("beteiligen", IV, 1.0, "dich mit … beteiligen",
     r"(?:dich|euch|sie) <g4>(?:zu )?beteiligen"),
    ("seeking", IV, 1.0, "wir suchen Investoren/Geldgeber/Business Angels",
     r"(?:suchen|sucht|suche|brauchen) <g3>(?:investor\w*|geldgeber\w*|business angels?"
     r"|kapitalgeber\w*|unterstutzer\w*)"),
    ("platform", IV, 0.5, "Crowdfunding, Startnext, Kickstarter",
     r"crowdfunding\w*|startnext|kickstarter|seed-?runde|finanzierungsrunde"),
    ("collect", IV, 0.6, "wir sammeln Geld", r"sammeln <g2>geld"),
    ("support_us", IV, 0.6, "unterstützt du uns?",
     r"unterstutz\w* (?:du|ihr|sie) (?:uns|mich)|(?:uns|mich) (?:zu )?unterstutzen"),
    ("present", P, 1.0, "Ihnen unser Angebot/unsere Software vorstellen",
     r"(?:ihnen|dir|euch) <g4>(?:unser|mein)\w* <g4>(?:vorstellen|prasentieren|zeigen)"),
    ("interest_in", P, 1.0, "Interesse an unserem Angebot/Produkt?",
     r"interesse an (?:unser|mein)\w* <g2>(?:angebot\w*|produkt\w*|dienstleistung\w*|losung"
     r"|software|service|kurs|shop)"),
    ("price_list", P, 0.4, "ich schicke dir die Preisliste",
     r"(?:preisliste|preise|unterlagen|ein angebot) <g2>(?:schicken|senden|zukommen)"
     r"|schick\w* (?:dir|ihnen|euch) <g2>(?:die |unsere |meine )?(?:preisliste|preise"
     r"|unterlagen|ein angebot)"),
    ("time_for", P, 0.7, "Zeit für eine Demo / ein kurzes Gespräch",
     r"(?:zeit|minuten) <g3>(?:fur )?(?:eine |ein )?(?:demo|prasentation|kurzes gesprach"
     r"|kurzes telefonat|telefonat|beratung)"),
    ("our_offer", P, 0.5, "unsere Lösung/Software/Dienstleistung",
     r"unser\w* <g2>(?:losung|software|angebot|produkt\w*|dienstleistung\w*|service)"),
    ("discount", P, 0.5, "Rabatt, Gutschein, Sonderangebot",
     r"rabatt|gutschein\w*|sonderangebot|sonderpreis|aktionspreis"),
    ("call_you", P, 0.5, "darf ich Sie anrufen", r"darf ich (?:sie|dich) <g3>anrufen"),
    ("would_you_buy", B, 1.0, "möchtest du … kaufen/bestellen",
     r"(?:mochtest|willst|wurdest|magst|mochten|wurden|wollt) (?:du|ihr|sie) <g3>(?:kaufen"
     r"|bestellen|erwerben)"),
    ("buy_it", B, 0.8, "kauf es doch / bestell dir was",
     r"(?:kauf|kaufe|kauft|bestell|bestelle|bestellt) (?:es|ihn|sie|dir|euch|was|etwas)"),
    ("shop", B, 0.5, "mein Onlineshop, ich verkaufe jetzt",
     r"ich verkaufe|verkaufe jetzt|(?:mein|unser)\w* <g1>(?:onlineshop|online-shop|shop)"
     r"|onlineshop|buch ist erschienen"),
    ("recommend_me", R, 1.0, "empfiehl mich weiter",
     r"(?:empfiehl|empfehlt|empfehlen sie) (?:mich|uns)|(?:mich|uns) <g2>weiterempfehl\w*"
     r"|(?:mich|uns) <g2>empfiehlst"),
    ("introduce_me", R, 1.0, "könntest du mich … vorstellen",
     r"(?:konntest|kannst|wurdest|wurden|konnten) (?:du|sie|ihr) (?:mich|uns) <g3>(?:vorstellen"
     r"|bekannt machen|empfehlen|weiterempfehlen|vermitteln)"),
    ("know_anyone", R, 0.7, "kennst du jemanden, der …",
     r"(?:kennst du|kennt ihr|kennen sie|du jemanden kennst) <g2>(?:jemanden|wen|leute"
     r"|firmen)?,? (?:der|die|den|dem)|falls du jemanden kennst"),
    ("hiring", H, 0.8, "sucht ihr noch jemanden? stellt ihr ein?",
     r"sucht (?:ihr|deine|eure|dein|euer|ihre) <g3>(?:jemanden|leute|verstarkung|entwickler\w*"
     r"|mitarbeiter\w*|personal)|stell(?:t|en) (?:ihr|deine|eure|sie) <g2>ein"),
    ("pass_cv", H, 1.0, "meinen Lebenslauf weiterleiten",
     r"(?:lebenslauf|bewerbung|cv) <g4>(?:weiterleiten|weitergeben|weiterreichen)"),
    ("hr", H, 0.4, "Personalabteilung", r"personalabteilung|personaler\w*|recruiter\w*"),
    ("job_search", H, 0.6, "ich suche eine neue Stelle / bin auf Jobsuche",
     r"(?:suche|bin auf) <g2>(?:neue stelle|stelle|job\w*|arbeit|stellensuche)"),
    ("leave_review", V, 1.0, "eine Bewertung hinterlassen/schreiben",
     r"(?:bewertung|rezension|sterne)\w* <g3>(?:zu )?(?:hinterlassen|schreiben|abgeben|geben)"),
    ("rate_us", V, 1.0, "bewertet uns / uns auf Google bewerten",
     r"(?:bewerte|bewertet|bewerten sie) (?:uns|mich)|(?:uns|mich) <g3>bewerten"),
    ("vote", V, 1.0, "stimmt für uns ab",
     r"stimm\w* <g2>fur (?:uns|mich|unser\w*|mein\w*)"),
    ("event_noun", E, 0.5, "Webinar, Workshop, Online-Kurs, Seminar, Newsletter",
     r"webinar\w*|workshops?|online-?kurs\w*|kurs|seminar\w*|masterclass|newsletter"),
    ("signup_for", E, 1.0, "melde dich zum Webinar an / abonniere meinen Newsletter",
     r"(?:melde dich|meldet euch|melden sie sich|anmelden|abonnier\w*) <g3>(?:zum|zur|fur|den"
     r"|meinen|unseren) <g2>(?:webinar|workshop|kurs|online-?kurs|seminar|newsletter"
     r"|(?:youtube-)?kanal|podcast|blog)"),
    ("signup", E, 0.4, "melde dich an / Anmeldung",
     r"(?:melde dich|meldet euch|melden sie sich) <g2>an|anmelden|anmeldung"),
    ("host_event", E, 0.6, "ich veranstalte ein Webinar / gebe einen Workshop",
     r"(?:veranstalte|gebe|halte|organisiere|starte) (?:ein|einen|eine|meinen|mein) <g1>"
     r"(?:webinar|workshop|online-?workshop|kurs|online-?kurs|seminar|masterclass)"),
    ("subscribe", E, 0.6, "abonniere", r"abonnier\w*"),
    ("price", E, 0.4, "Tickets, 29 €, Frühbucher",
     r"tickets?|eintrittskarten?|\d+ ?(?:€|euro)|(?<=€)\d+|(?<=€\s)\d+|fruhbucher\w*"),
)

GUARDS: GuardTable = (
    ("not_selling", "negation", "ich will dir nichts verkaufen / kein Verkaufsgespräch",
     r"(?:nicht|nichts|kein\w*) <g3>(?:verkauf\w*|andrehen|werbung|pitch)"),
    ("no_need", "negation", "du musst nichts kaufen",
     r"(?:musst|musst du|mussen sie) (?:nichts|nicht)|keine verpflichtung"),
    ("i_can", "offer", "ich kann dich gern vorstellen/empfehlen",
     r"(?:kann|konnte|wurde|will|helfe) (?:ich )?(?:dich|dir|euch|ihnen) <g3>(?:vorstellen"
     r"|bekannt machen|empfehlen|weiterempfehlen|vermitteln|helfen)"
     r"|wenn ich (?:dir|euch|ihnen) <g3>helfen kann"),
    ("treat", "offer", "ich lade dich ein, geht auf mich",
     r"(?:lade|lad) (?:dich|euch|sie) <g4>ein|geht auf mich|ich zahle|ich lade"),
    ("together", "favour", "zusammen/gemeinsam kaufen",
     r"(?:zusammen|gemeinsam) <g3>(?:kaufen|bestellen|buchen)"),
    ("thanks_for", "thanks", "danke für die Empfehlung",
     r"danke <g2>fur (?:die |deine |ihre )?(?:empfehlung|vermittlung|bewertung|unterstutzung)"),
)
