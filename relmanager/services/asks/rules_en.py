"""English ask phrases and guards (folded text; see `phrases` for the conventions)."""

from __future__ import annotations

from relmanager.services.asks.tables import IV, AskTable, B, E, GuardTable, H, P, R, V

# "Would you ...", "could you please ...", "I'd appreciate it if you ...": a request to the reader.
REQ = (
    r"(?:(?:would|could|can|will|might) you(?: please)?(?: be (?:willing|able|open|up|interested)"
    r"(?: to| for| in)?)?|would you (?:mind|consider|like to|want to)|do you want to"
    r"|are you (?:interested in|up for|open to)|please|pls|kindly"
    r"|i'?d (?:really )?(?:love|appreciate it) if you(?: could| would)?"
    r"|i would (?:really )?(?:love|appreciate it) if you(?: could| would)?"
    r"|if you could|any chance you(?:'d| would| could)?)"
)

ASKS: AskTable = (
    # invest / back / crowdfund
    ("request", IV, 1.0, "would/could you … invest/back/fund/pledge",
     REQ + r" <g3>(?:invest\w*|back(?:ing)?(?! (?:me |us |him |her |them )?up)|fund|funding"
     r"|pledge|pledging"
     r"|put (?:some )?money in\w*|come in as an? <g1>(?:investor|partner|backer))(?! up)"),
    ("in_my", IV, 1.0, "invest in my/our …", r"invest\w* <g2>in(?:to)? (?:my|our)"),
    ("if_you_like", IV, 1.0, "let me know if you'd like to invest",
     r"(?:if|whether) you(?:'d| would)? (?:like|want|care|be interested) to"
     r" (?:invest|back|come in)"),
    ("back_campaign", IV, 1.0, "back/support/pledge to my/our campaign",
     r"(?:back|support|fund|pledge to|contribute to|chip in to|donate to) (?:my|our|the)"
     r" <g2>(?:campaign|kickstarter|indiegogo|crowdfund\w*|gofundme|patreon)"),
    ("seeking", IV, 1.0, "looking for investors/backers/funding",
     r"(?:looking for|seeking|searching for|in search of|need) <g2>(?:investors?|backers"
     r"|angels?|angel investors|funding|co-?investors|seed money)"),
    ("have_you_as", IV, 1.0, "have you as an investor/backer",
     r"(?:have|welcome|bring) you (?:on board )?as an? <g1>(?:investor|backer|shareholder)"),
    ("raising", IV, 0.8, "we're raising a round/funds",
     r"(?:we're|we are|i'm|i am|currently) raising (?:a |an |our |my |the )?<g2>(?:round"
     r"|funds|money|capital)"),
    ("platform", IV, 0.5, "Kickstarter, Indiegogo, GoFundMe, crowdfunding …",
     r"kickstarter|indiegogo|gofundme|crowdfunding|crowdfunder|seedrs|crowdcube|wefunder"),
    ("want_in", IV, 0.4, "if you want in", r"(?:if you|you) (?:want|wanna) in"),
    # pitch
    ("tell_about", P, 1.0, "tell/show you about our product/service",
     r"(?:tell|show|walk) you <g3>(?:about|through) (?:our|my) <g3>(?:services?|products?"
     r"|solutions?|offers?|platform|app|tool|program\w*|agency|business|company|software)"),
    ("demo", P, 1.0, "would you be open to a demo/free trial",
     REQ + r" <g4>(?:demo|demonstration|walkthrough|free trial|free consultation)"),
    ("minutes", P, 0.6, "15 minutes for a quick call",
     r"(?:\d+|few|couple of) minutes (?:of your time|<g3>(?:call|chat|demo))"),
    ("book_call", P, 0.6, "book/hop on a quick call",
     r"(?:book|grab|steal|schedule|hop on|jump on) (?:a |an )?<g2>(?:call|demo|meeting)"
     r"|book \d+ minutes"),
    ("our_offer", P, 0.5, "our service/product/package …",
     r"our <g2>(?:services?|products?|solutions?|agency|software|platform|packages?|offers?"
     r"|program\w*|consulting|coaching)"),
    ("we_offer", P, 0.5, "we offer/provide/specialise in …",
     r"we (?:offer|provide|specialise|specialize|sell)|we help <g2>(?:businesses|companies"
     r"|clients|practices|teams|owners)|helps? <g2>(?:practices|businesses|companies) get more"),
    ("discount", P, 0.5, "discount, promo code, % off, special offer",
     r"discount|promo code|coupon|\d+ ?% off|percent off|special offer|limited offer"
     r"|friends and family (?:discount|price)|friends get"),
    ("opportunity", P, 0.6, "amazing/business opportunity",
     r"(?:amazing|great|incredible|exciting|business|unique) opportunity"),
    ("tell_more", P, 0.5, "can I tell you more",
     r"(?:can|could|may) i tell you more|let me tell you more|so i can tell you more"),
    ("save_you", P, 0.4, "save you time/money, exactly what you need",
     r"(?:could|can|will) save you|exactly what you need|just what you need"
     r"|(?:starting at|starting from|from only) \$?\d+"),
    ("go_over", P, 0.6, "sit down and go over some options",
     r"go over (?:some |your )?(?:options|needs|coverage|finances|portfolio)"),
    ("insurance", P, 0.4, "life/health insurance", r"(?:life|health|home|car) insurance"),
    ("send_details", P, 0.4, "send you the details/pricing",
     r"send you (?:the |more |some |our )?(?:details|info|information|brochure|pricing"
     r"|price list)"),
    ("interested", P, 0.4, "Interested?", r"interested ?\?"),
    # buy
    ("would_you_buy", B, 1.0, "would you like to buy/order …",
     r"(?:would|do) you (?:like|want|wanna) to (?:buy|order|purchase|pre-?order)"
     r"|(?:would|will) you <g2>(?:buy|order|purchase|pre-?order)"),
    ("please_buy", B, 1.0, "please buy/order …",
     r"(?:please|pls) <g2>(?:buy|order|purchase|pre-?order)"),
    ("buy_from_me", B, 1.0, "buy/order from me/us",
     r"(?:buy|order|purchase|get) <g3>from (?:me|us|my|our)"),
    ("buy_my", B, 1.0, "buy/order my book/album/product …",
     r"(?:buy|order|purchase|pre-?order|pick up|picked up|grab) <g3>(?:my|our)"
     r" (?:new |latest |debut |first |handmade |homemade )?(?:book|novel|album|e-?book"
     r"|record|single|products?|candles|soaps?|jams?|cookies|art|prints|paintings|merch"
     r"|wine|cookbook|music)"),
    ("order_it", B, 0.8, "order it on Amazon/here",
     r"(?:order|buy|get|pre-?order) (?:it|one|a copy|yours) (?:on|from|at|here|via)"),
    ("copy", B, 0.6, "picked up a copy", r"(?:pick|picked|grab) up a copy"),
    ("for_sale", B, 0.5, "my book is out / now on sale / my shop",
     r"(?:my|our) <g2>(?:book|album|novel|cookbook) is (?:finally |now )?(?:out|available|live)"
     r"|on sale|(?:etsy|online) (?:shop|store)|opened (?:my|our) <g1>(?:shop|store)"
     r"|(?:started|start|i'm|i am) selling"),
    # refer / introduce for business
    ("refer_me", R, 1.0, "refer/recommend me",
     r"(?:refer|recommend|referring|recommending) (?:me|us)"
     # "recommend me a good book" asks for advice, not for a referral
     r"(?! (?:a|an|some|something|anything|any|one|the best|good)\b)"),
    ("my_way", R, 1.0, "send them my way",
     r"(?:send|point|refer|pass|direct) <g2>(?:my way|our way|to me)"),
    ("pass_name", R, 1.0, "pass my name along",
     r"pass (?:my|our) (?:name|details|number|card|info|website|contact)\w* (?:along|on)"),
    ("intro_me", R, 1.0, "introduce me to / put me in touch with",
     r"introduce me to|put me in touch with|connect me with|intro (?:me )?to <g3>for me"),
    ("good_word", R, 1.0, "put in a good word for me",
     r"put in a good word for (?:me|us)"),
    ("spread_word", R, 1.0, "spread the word about my/our …",
     r"spread the word (?:about (?:my|our)|for (?:me|us))"),
    ("share_post", R, 1.0, "share my post with your network",
     r"share (?:my|our|this) <g5>(?:with|to) (?:your|all your) (?:network|friends|followers"
     r"|contacts|colleagues)"),
    ("know_anyone", R, 0.7, "if you know anyone who needs …",
     r"(?:if|in case|do) you (?:know|hear of|come across) <g2>(?:anyone|someone|somebody"
     r"|people|companies|clients|businesses) (?:who|that) <g2>(?:needs?|is looking|are looking"
     r"|wants?|could use)"),
    # hire / job
    ("hiring", H, 1.0, "is your company hiring?",
     r"(?:is|are) (?:your|you guys|you) <g2>hiring"),
    ("pass_cv", H, 1.0, "pass my CV/resume to …",
     r"(?:pass|forward|send|share|give|passing|forwarding) <g2>my (?:cv|resume|portfolio"
     r"|application)"),
    ("hire_me", H, 1.0, "hire me / consider hiring me",
     r"(?:hire|hiring) (?:me|us)\b"),
    ("openings", H, 0.8, "any openings at your firm",
     r"(?:any|know of) <g2>(?:openings|vacancies|open positions|open roles|positions open)"),
    ("job_search", H, 0.6, "I'm looking for a new job/role",
     r"(?:i'm|i am|i've been) <g2>(?:looking for|searching for|seeking|on the hunt for)"
     r" (?:a |an )?(?:new )?(?:job|role|position|opportunit\w*)"
     r"|on the job market|job hunting|laid off|between jobs"),
    ("hr", H, 0.4, "HR department, hiring manager, recruiter",
     r"hr department|human resources|hiring manager|recruiter"),
    ("work_at", H, 0.5, "work at your company / join your team",
     r"work (?:at|for) your (?:company|firm|team)|join your (?:team|company)"),
    # review / testimonial / endorsement / vote
    ("leave_review", V, 1.0, "leave/write us a review, testimonial, recommendation",
     r"(?:leave|write|post|give|drop|writing|leaving) <g3>(?:review|rating|testimonial"
     r"|recommendation on linkedin|endorsement)"),
    ("rate_us", V, 1.0, "rate/review us, review my book/app",
     r"(?:rate|review) (?:us|me)|review my (?:book|app|product|shop|business|restaurant)"),
    ("endorse", V, 1.0, "endorse me", r"endorse (?:me|us)"),
    ("recommendation", V, 1.0, "write me a recommendation",
     r"write (?:me|us) a (?:linkedin )?recommendation"),
    ("vote", V, 1.0, "vote for us", r"vote for (?:us|me|our|my)"),
    ("like_page", V, 1.0, "like/follow/share my page",
     r"(?:like|follow|share)(?: and (?:like|follow|share))? (?:my|our) <g1>(?:page|account"
     r"|channel|post)"),
    ("testimonial", V, 0.5, "testimonial", r"testimonials?"),
    # paid events, courses, newsletters
    ("signup_for", E, 1.0, "sign up / register for my webinar, course, newsletter",
     r"(?:sign up|signup|register|enrol|enroll|subscribe|join) (?:now |here |today )?<g3>"
     r"(?:webinar|workshop|masterclass|course|class|bootcamp|newsletter|summit|conference"
     r"|retreat|channel|podcast|substack|blog|patreon)"),
    ("your_ticket", E, 1.0, "grab/get your ticket",
     r"(?:grab|get|buy|book|secure) your <g1>(?:tickets?|seats?|spots?|place)"),
    ("event_noun", E, 0.5, "webinar, workshop, masterclass, online course, newsletter",
     r"webinars?|masterclass|workshops?|bootcamp|online course|paid newsletter|newsletter"
     r"|summit|retreat"),
    ("my_course", E, 0.5, "launching my course",
     r"(?:launching|launched|starting|started|my new|my) (?:online )?course"),
    ("signup", E, 0.4, "sign up / register / enroll now",
     r"(?:sign up|register|enrol|enroll|subscribe)(?: now| here| today| below)?"),
    ("price", E, 0.4, "tickets are $49, early bird",
     r"(?:tickets?|seats?|spots?) (?:are|is|cost|costs|from|at|still)|early[- ]bird"
     r"|(?<=\$)\d+|(?<=\$\s)\d+|\d+ ?(?:€|eur|usd|\$)|(?<=€)\d+|(?<=€\s)\d+"),
    ("host_event", E, 0.6, "I'm hosting a webinar/workshop",
     r"(?:hosting|running|teaching|giving|organising|organizing) (?:a|an|my|our) <g1>(?:webinar"
     r"|workshop|masterclass|course|class|bootcamp)"),
    ("save_seat", E, 0.5, "save you a seat", r"save you a (?:seat|spot|place)"),
)

GUARDS: GuardTable = (
    ("not_selling", "negation", "not trying to sell / not a sales pitch",
     r"(?:not|never|no|isn't|aren't|wasn't|don't|doesn't|won't|didn't|ain't) <g3>"
     r"(?:sell\w*|pitch\w*|sales|asking you|ask you|ask for)"),
    ("no_need", "negation", "no need to / you don't have to",
     r"no need to|(?:don't|do not|dont) (?:have|need) to|not obliged|under no obligation"),
    ("happy_to", "offer", "happy to help/refer/introduce",
     r"(?:happy|glad|delighted|willing) to (?:help|refer|introduce|recommend|connect"
     r"|share|pass|put|write|make an intro)"),
    ("i_can", "offer", "let me know if I can … / I can introduce you",
     r"let me know if (?:i|we) can|if (?:i|we) can (?:help|be of)"
     r"|(?:want|like) me to (?:introduce|refer|recommend|connect|share|put)"
     r"|(?:i can|i could|i'll|i will|shall i|should i) <g1>"
     r"(?:introduce|refer|recommend|connect|pass|put|help)"),
    ("to_you", "offer", "introduce/refer you, put you forward",
     r"(?:introduce|refer|recommend|connect|put) you (?:to|with|forward|in touch)"
     r"|(?:introduce|refer|recommend|connect) you\b"),
    ("treat", "offer", "buy you a coffee, my treat, on me",
     r"(?:buy|get|take) you (?:a |an |some |out )?<g1>(?:coffee|drinks?|beers?|lunch|dinner"
     r"|meal|pint|round|glass)|my treat|(?:is|are|it's) on me|i'll pay|i'm paying"),
    ("if_you_need", "offer", "if you ever need …",
     r"if you (?:ever )?need (?:anything|help|a hand|an? intro\w*|someone|contacts)"
     r"|if you ever need|if there's anything"),
    ("together", "favour", "buy/book … together (a shared plan, not a sale)",
     r"(?:buy|get|book|grab|order) <g3>(?:together|for both of us|for the two of us|for us both)"),
    ("thanks_for", "thanks", "thanks for recommending/hiring/backing …",
     r"(?:thanks|thank you|thx|grateful) <g2>for <g1>(?:recommending|referring|introducing"
     r"|hiring|backing|investing|buying|reviewing|endorsing|sharing|the (?:intro|referral"
     r"|recommendation|review))(?: \S+){0,3}"),
    ("gave", "thanks", "I left you a review / just backed / just bought",
     r"(?:i )?(?:just )?(?:left|wrote|gave) you a <g2>(?:review|rating|recommendation)"
     r"|just (?:backed|bought|ordered|pre-?ordered|invested in)(?: \S+){0,3}"),
)
