"""French ask phrases and guards (folded: "é" is "e"; see `phrases`)."""

from __future__ import annotations

from relmanager.services.asks.tables import IV, AskTable, B, E, GuardTable, H, P, R, V

ASKS: AskTable = (
    ("in_my", IV, 1.0, "investir dans ma/mon/notre …",
     r"investir <g2>dans (?:ma|mon|notre|nos)"),
    ("interested", IV, 1.0, "intéressé pour investir / veux-tu investir",
     r"(?:interesse|interessee|interesses|envie|pret|prete) <g2>(?:d'|de |pour |a )?investir"
     r"|(?:veux|voudrais|voulez|voudriez|pourrais|pourriez|peux|pouvez)(?:-tu|-vous)? <g2>"
     r"investir"),
    ("seeking", IV, 1.0, "nous cherchons des investisseurs",
     r"(?:cherchons|cherche|recherchons|recherche) <g2>(?:investisseurs?|financements?"
     r"|business angels?|associes)"),
    ("platform", IV, 0.5, "levée de fonds, financement participatif, Ulule",
     r"levee de fonds|financement participatif|crowdfunding|ulule|kisskissbankbank"
     r"|kickstarter|leetchi|cagnotte"),
    ("support_us", IV, 0.6, "nous soutenir / contribuer",
     r"(?:nous|me) soutenir|soutenir (?:ma|mon|notre) <g2>(?:campagne|projet)|contribuer"
     r"|participer a (?:ma|notre) campagne"),
    ("present", P, 1.0, "vous présenter notre solution/service",
     r"(?:vous|te) presenter <g2>(?:notre|nos|mon|ma|mes) <g3>(?:solution|service|offre"
     r"|produit|logiciel|entreprise|societe|agence|cabinet)\w*"),
    ("interested_in", P, 1.0, "intéressé par une démonstration/un essai gratuit",
     r"interesse\w* par <g3>(?:demonstration|demo|essai gratuit|offre|solution)"),
    ("meeting", P, 0.7, "disponible pour un rendez-vous/appel/démo",
     r"(?:disponible|un moment|quelques minutes|\d+ minutes) <g3>(?:pour )?(?:un |une )?"
     r"(?:appel|rendez-vous|demonstration|demo|echange|call)"),
    ("our_offer", P, 0.5, "notre logiciel/solution/offre",
     r"(?:notre|nos) <g2>(?:logiciels?|solutions?|offres?|services?|produits?|application"
     r"|appli|cabinet|agence)"),
    ("discount", P, 0.5, "code promo, réduction, offre spéciale",
     r"code promo|reduction|remise|offre speciale|prix d'ami"),
    ("cold_open", P, 0.4, "je me permets de vous contacter",
     r"je me permets de vous (?:contacter|ecrire)"),
    ("would_you_buy", B, 1.0, "tu veux acheter/commander …",
     r"(?:veux|voudrais|voulez|voudriez|aimerais|aimeriez)(?:-tu|-vous)? <g2>(?:acheter"
     r"|commander|precommander)"),
    ("buy_it", B, 0.8, "achète-le, commande-le",
     r"(?:achete|achetez|commande|commandez)(?:-le|-la|-les|-en| le| la| les)"),
    ("shop", B, 0.5, "ma boutique en ligne, mon livre vient de sortir",
     r"(?:ma|notre) boutique|vient de sortir|en vente"),
    ("recommend_me", R, 1.0, "me recommander",
     r"(?:(?:me|nous) recommander|recommande-moi)(?! (?:un|une|des|quelque)\b)"),
    ("introduce_me", R, 1.0, "me présenter à / me mettre en contact avec",
     r"(?:me|nous) presenter a|(?:me|nous) mettre en (?:contact|relation) avec"),
    ("know_anyone", R, 0.7, "si tu connais quelqu'un qui …",
     r"(?:si tu connais|si vous connaissez|connais-tu|connaissez-vous|tu connais)"
     r" <g2>(?:quelqu'un|des gens|des personnes|des entreprises)"),
    ("share_network", R, 1.0, "partager ma page auprès de tes amis",
     r"partage[rz]? <g3>(?:aupres de|avec|a) (?:tes|vos|ton|votre) (?:amis|contacts|reseau"
     r"|entourage)"),
    ("spread", R, 0.8, "parle de moi, fais passer le mot",
     r"parle[rz]? (?:de moi|de nous)|faire? passer le mot|partage[rz]? (?:mon|ma|notre)"),
    ("hiring", H, 1.0, "ta boîte recrute ?",
     r"(?:ta|votre|ton) (?:boite|entreprise|societe|equipe|agence) <g2>(?:recrute|embauche)"
     r"|(?:recrutez|recrutes|embauchez|embauches)(?:-vous|-tu)?"),
    ("pass_cv", H, 1.0, "transmettre mon CV",
     r"(?:transmettre|passer|envoyer|faire suivre) <g2>mon (?:cv|curriculum|dossier)"),
    ("hr", H, 0.4, "service RH, ressources humaines",
     r"service rh|ressources humaines|recruteur\w*|drh"),
    ("job_search", H, 0.6, "je cherche un poste/emploi",
     r"(?:je cherche|a la recherche d') <g2>(?:emploi|poste|travail|job|boulot|stage)"),
    ("leave_review", V, 1.0, "laisser un avis / écrire un témoignage",
     r"(?:laisser|ecrire|poster|rediger|mettre) <g3>(?:avis|temoignage|recommandation|note)"),
    ("vote", V, 1.0, "votez pour nous", r"vote[rz]? pour (?:nous|moi|notre|mon)"),
    ("event_noun", E, 0.5, "webinaire, atelier, formation en ligne, newsletter",
     r"webinaires?|webinars?|atelier|formation en ligne|formation|masterclass|newsletter"),
    ("signup_for", E, 1.0, "inscrivez-vous à notre webinaire / abonne-toi à ma newsletter",
     r"(?:inscri\w*|abonne\w*)(?:-vous|-toi)? <g3>(?:webinaires?|atelier|formation|masterclass"
     r"|newsletter|cours|conference)"),
    ("signup", E, 0.4, "inscris-toi / inscriptions ouvertes",
     r"inscri(?:s|vez|ption|re)\w*|reserve[rz]? (?:ta|votre) place|il reste des places"),
    ("host_event", E, 0.6, "j'organise un atelier / je lance ma formation",
     r"(?:j'organise|je donne|j'anime|je lance) (?:un|une|ma|mon) <g1>(?:webinaire|atelier"
     r"|formation|masterclass|cours|stage)"),
    ("subscribe", E, 0.6, "abonne-toi", r"abonne-toi|abonnez-vous|vous abonner|t'abonner"),
    ("price", E, 0.4, "199 €, payant", r"\d+ ?(?:€|euros?)|(?<=€)\d+|(?<=€\s)\d+|payant"),
)

GUARDS: GuardTable = (
    ("not_selling", "negation", "je ne cherche pas à te vendre / pas un message commercial",
     r"(?:ne|n') <g4>(?:pas|rien|jamais) <g4>(?:vendre|vente|commercial|demander)"
     r"|pas pour (?:te|vous) vendre"),
    ("i_can", "offer", "je peux te présenter/recommander",
     r"(?:je peux|je pourrais|je serais ravie? de|volontiers) <g1>(?:te|vous) (?:presenter"
     r"|recommander|mettre en (?:contact|relation))"),
    ("treat", "offer", "je t'offre un verre / je t'invite",
     r"je (?:t'|vous )(?:offre|invite)|c'est moi qui (?:paie|offre|invite)"),
    ("together", "favour", "acheter … ensemble", r"(?:acheter|commander|reserver) <g3>ensemble"),
    ("thanks_for", "thanks", "merci pour la recommandation",
     r"merci <g1>(?:pour|de) (?:la |ta |votre )?(?:recommandation|m'avoir recommande"
     r"|presentation|avis)"),
)
