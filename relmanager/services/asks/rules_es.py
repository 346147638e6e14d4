"""Spanish ask phrases and guards (folded: "ñ" is "n", "á" is "a"; see `phrases`)."""

from __future__ import annotations

from relmanager.services.asks.tables import IV, AskTable, B, E, GuardTable, H, P, R, V

# "¿Te gustaría …?", "¿Le interesaría …?": a request to the reader.
WOULD = r"(?:te|le|les|os) (?:gustaria|interesaria|interesa|apetece|animas a)"

ASKS: AskTable = (
    ("in_my", IV, 1.0, "invertir en mi/nuestro …", r"invertir <g2>en (?:mi|mis|nuestr[oa]s?)"),
    ("would_you", IV, 1.0, "¿te interesaría invertir?", WOULD + r" <g2>invertir"),
    ("seeking", IV, 1.0, "buscamos inversores/socios",
     r"(?:buscando|buscamos|busco) <g2>(?:inversores|inversionistas|socios|financiacion"
     r"|financiamiento)"),
    ("platform", IV, 0.5, "crowdfunding, Verkami, micromecenazgo",
     r"crowdfunding|verkami|kickstarter|goteo|micromecenazgo"),
    ("support_us", IV, 0.6, "¿nos apoyas con una aportación?",
     r"(?:nos|me) apoyas|apoyarnos|apoyar (?:mi|nuestra) campana|aportacion"),
    ("present", P, 1.0, "presentarle nuestros servicios",
     r"presentar\w* <g2>(?:nuestr[oa]s?|mis?) <g3>(?:servicios?|productos?|solucion\w*"
     r"|empresa|agencia|aplicacion|app|software|oferta)"),
    ("demo", P, 1.0, "¿te interesaría una demo?",
     WOULD + r" <g2>(?:demo|demostracion|prueba gratuita)"),
    ("meeting", P, 0.7, "agendar una llamada de 15 minutos",
     r"(?:agendar|agendamos|programar|programamos|concertar) (?:una )?(?:llamada|reunion|cita)"
     r"|\d+ minutos <g3>(?:llamada|reunion|demo)"),
    ("our_offer", P, 0.5, "nuestros servicios/productos",
     r"nuestr[oa]s? <g2>(?:servicios?|productos?|soluciones|aplicacion|software|agencia)"),
    ("discount", P, 0.5, "descuento, código promocional, oferta especial",
     r"descuento|codigo promocional|oferta especial|promocion"),
    ("would_you_buy", B, 1.0, "¿quieres comprar …?",
     r"(?:quieres|quiere|querrias|querrian|" + WOULD + r") <g1>(?:comprar|pedir|encargar)"),
    ("buy_it", B, 0.8, "comprarlo, cómpralo",
     r"comprarlo|comprarla|compralo|comprala|comprarme|compradme|comprarnos"),
    ("shop", B, 0.5, "a la venta, mi tienda online, estoy vendiendo",
     r"a la venta|estoy vendiendo|vendo (?:mis|mi)|(?:mi|nuestra) tienda"),
    ("recommend_me", R, 1.0, "recomiéndame",
     r"(?:recomiendame|recomiendanos|recomendarme|recomendarnos|me recomiendas|me recomiendes"
     r"|nos recomiendas)(?! (?:un|una|unos|unas|algun\w*|algo|el mejor|la mejor)\b)"),
    ("introduce_me", R, 1.0, "presentarme a, ponerme en contacto con",
     r"presentarme a|presentarnos a|ponerme en contacto con"),
    ("share_network", R, 1.0, "compartir mi publicación con tus contactos",
     r"compart\w* <g3>(?:mi|mis|nuestr[oa]s?|este|esta) <g3>(?:con|entre) (?:tus|sus) (?:contactos"
     r"|amigos|seguidores|red)"),
    ("know_anyone", R, 0.7, "¿conoces a alguien que …?",
     r"(?:conoces|conoce|conozcas|conoceis) a (?:alguien|algun\w*|gente|empresas?)"),
    ("hiring", H, 1.0, "¿tu empresa está contratando?",
     r"(?:tu|su|vuestra) (?:empresa|compania|equipo) <g2>(?:contratando|contrata|busca)"),
    ("are_hiring", H, 0.7, "están contratando", r"(?:esta|estan|estais) contratando"),
    ("pass_cv", H, 1.0, "pasarle mi currículum",
     r"(?:pasar|pasarle|enviar|enviarle|mandar|mandarle|reenviar) <g2>mi (?:cv|curriculum"
     r"|hoja de vida)"),
    ("hr", H, 0.4, "recursos humanos", r"recursos humanos|rr ?hh|reclutador\w*"),
    ("job_search", H, 0.6, "estoy buscando trabajo",
     r"(?:busco|buscando) <g2>(?:trabajo|empleo|puesto)"),
    ("leave_review", V, 1.0, "dejarnos una reseña",
     r"(?:dejar|dejarnos|dejarme|dejas|dejarias|deja|escribir|escribirnos|escribirme|publicar)"
     r" <g2>(?:resena|valoracion|testimonio|recomendacion)"),
    ("vote", V, 1.0, "vota por nuestro proyecto",
     r"vota[dr]? (?:por|a) (?:nosotros|nuestr[oa]|mi|mis)"),
    ("event_noun", E, 0.5, "webinar, taller, curso, newsletter",
     r"webinars?|webinario|taller|curso|masterclass|newsletter|boletin"),
    ("signup_for", E, 1.0, "inscríbete al webinar / suscríbete a mi newsletter",
     r"(?:inscribete|apuntate|registrate|suscribete) <g3>(?:webinar|taller|curso|newsletter"
     r"|boletin)"),
    ("signup", E, 0.4, "apúntate, inscríbete", r"apuntate|apuntaos|inscribete|inscribase"
     r"|inscripcion\w*|registrate"),
    ("host_event", E, 0.6, "doy un webinar / lanzo mi curso",
     r"(?:doy|organizo|imparto|lanzo) (?:un|una|mi) <g1>(?:webinar|taller|curso|masterclass)"),
    ("subscribe", E, 0.6, "suscríbete", r"suscribete|suscribase|suscribirte"),
    ("price", E, 0.4, "la entrada cuesta 15 €", r"la entrada cuesta|entradas|\d+ ?(?:€|euros?)"
     r"|(?<=€)\d+|(?<=€\s)\d+"),
)

GUARDS: GuardTable = (
    ("not_selling", "negation", "no te quiero vender nada / no es para venderte",
     r"no <g3>(?:vender\w*|venderte|venderle|vendo|venta|comercial)"),
    ("i_can", "offer", "te presento, te puedo recomendar, te invito",
     r"(?:te|le|os) (?:puedo |podria )?(?:presento|presentar|recomiendo|recomendar|invito"
     r"|pongo en contacto)"),
    ("treat", "offer", "la pago yo, invito yo", r"(?:la|lo) pago yo|invito yo|corre de mi cuenta"),
    ("together", "favour", "comprar … juntos", r"(?:comprar|pedir|reservar) <g3>(?:juntos|juntas)"),
    ("thanks_for", "thanks", "gracias por recomendarme",
     r"gracias <g1>por (?:recomendar\w*|presentar\w*|comprar\w*|apoyar\w*)"),
)
