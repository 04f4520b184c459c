"""The words learners use, in English, Bahasa Melayu and Manglish: one table per meaning.

Every reader of free text uses these tables: the fact extractor and the search filters in
:mod:`bot.understanding`, and through it the advice in :mod:`bot.pathways` and the catalogue
search. Nothing else keeps a private copy of these words.

Each table maps alternatives (a regular expression over the lower-cased, whitespace-collapsed
text, matched on whole words) to the value they mean. Negated phrases are separate rows that
come first: "non credit-bearing" and "not a standalone one" are found, and their words taken
out, before "credit-bearing" and "standalone" are looked for.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- shared pieces
# SMS spellings of Malay words, read as the words (the tables below use the full forms).
SMS_WORDS = {
    "yg": "yang",
    "utk": "untuk",
    "dgn": "dengan",
    "dlm": "dalam",
    "drpd": "daripada",
    "sbb": "sebab",
    "tk": "tak",
    "byk": "banyak",
    "blaja": "belajar",
    "blajar": "belajar",
    "brp": "berapa",
    "bkn": "bukan",
    "tdk": "tidak",
    "kpd": "kepada",
    "sbg": "sebagai",
    "nk": "nak",
    "blh": "boleh",
    "bole": "boleh",
    "sy": "saya",
    "org": "orang",
    "dr": "dari",
    "kt": "kat",
    "mcm": "macam",
    "xde": "takde",
    "tkde": "takde",
    "dah": "sudah",
    "pd": "pada",
    "sm": "sama",
    "msia": "malaysia",
    "univ": "universiti",
    "smbg": "sambung",
    "sambg": "sambung",
    "dh": "sudah",
    "lps": "lepas",
    "tgk": "tengok",
    "skrg": "sekarang",
    "blm": "belum",
    "jgk": "juga",
    "dpt": "dapat",
    "thn": "tahun",
    "knp": "kenapa",
    "nape": "kenapa",
    "kenape": "kenapa",
    "ape": "apa",
    "brape": "berapa",
    "bape": "berapa",
    "hbs": "habis",
    "kls": "kelas",
    "keje": "kerja",
    "kje": "kerja",
    "krja": "kerja",
    "mmg": "memang",
    "bnyk": "banyak",
    "sbnrnya": "sebenarnya",
    "mne": "mana",
    "mcmana": "macam mana",
    "tlg": "tolong",
    "bley": "boleh",
    "umo": "umur",
    "nnti": "nanti",
}
NOT = r"(?:not|isn'?t|is not|wasn'?t|was not|aren'?t|non|no|nothing|bukan|tidak|tak|x|tiada|takde|never)"
A = r"(?:(?:a|an|the|one|satu|yang)\s+)?"
PROGRAMME = r"(?:programmes?|programs?|degrees?|diplomas?|courses?|kursus|ijazah|pengajian|sarjana(?: muda)?|master'?s|bachelor'?s)"
# An institution where an award is studied for ...
HEP = (
    r"(?:universit(?:y|ies|i)|uni|univ|colleges?|kolej|polytechnics?|politeknik|poli|institutions?"
    r"|institusi|ipts?|ipta|heps?)"
)
# ... and any place a credential is tendered to or taken at.
UNIVERSITY = rf"(?:{HEP}|providers?|penyedia|places?|tempat|campus|kampus)"
# The awards credits count towards.
AWARD_WORDS = (
    r"degree|diploma|ijazah|bachelor(?:'s|\w*)|master(?:'s|\w*)|msc|mba|phd|sarjana|bsc|bba|beng"
)

# --------------------------------------------------------------------------- credential type
CREDIT_WORDS = (
    r"credit[- ]?bearing|creditbearing|berkredit|(?:bawa|membawa|ada|yang ada) (?:kredit|credits?)|with credits?|jenis (?:ber)?kredit"
    r"|carr(?:y|ies) (?:academic )?credits?|(?:has|have) credits?|gives? (?:academic )?credits?|(?:academic )?credit-earning|for academic credit"
)
STANDALONE_WORDS = r"stand[- ]?alone|berdiri sendiri|kendiri|non[- ]?credit(?:[- ]?bearing)?"
CREDENTIAL_TYPES: tuple[tuple[str, str], ...] = (
    # negations first
    (rf"{NOT}\s+{A}(?:{STANDALONE_WORDS})(?:\s+one)?", "credit-bearing"),
    (rf"{NOT}\s+{A}(?:{CREDIT_WORDS})", "standalone"),
    (
        # not "blh x kredit tu dipakai?", where "x" asks "or not"
        r"(?<!boleh )(?<!blh )(?<!bole )(?:tak|tidak|x|tiada|takde|no|without|tanpa)\s+(?:(?:bawa|membawa|ada|any)\s+)?kredit",
        "standalone",
    ),
    (r"(?:no|without|zero|tiada|tanpa)\s+(?:academic\s+)?credits?", "standalone"),
    (STANDALONE_WORDS, "standalone"),
    (CREDIT_WORDS, "credit-bearing"),
)

# --------------------------------------------------------------------------- accredited programme
PART_OF = r"(?:part|a part|sebahagian|sebahagian daripada|bahagian|among|component)"
# A negated phrase runs on to the programme it names, so that its words are not read again.
_TO_PROGRAMME = (
    rf"(?:\s+(?:\S+\s+){{0,4}}?(?:accredited\s+|diakreditasi\s+|terakreditasi\s+|bertauliah\s+)?{PROGRAMME}"
    r"(?:\s+(?:yang\s+)?(?:diakreditasi|berakreditasi|terakreditasi|akreditasi|bertauliah))?)?"
)
ACCREDITED: tuple[tuple[str, bool], ...] = (
    (
        rf"{NOT}\s+(?:considered\s+|dianggap\s+)?(?:{PART_OF})\b(?:\s+(?:of|daripada|dari|drpd))?{_TO_PROGRAMME}",
        False,
    ),
    (
        rf"{NOT}\s+(?!interest|minat)(?:\S+\s+){{0,2}}(?:in|dalam|under|bawah|linked to|attached to|mapped (?:to|into)|built into|embedded in|tied to|termasuk dalam"
        r"|terikat (?:dengan|dgn|kepada|pada)|bound to|connected to|berkait(?:an)? (?:dengan|dgn)"
        r"|kaitan (?:dengan|dgn)|related to|to do with|connection (?:to|with))"
        rf"\s+(?:\S+\s+){{0,2}}{PROGRAMME}",
        False,
    ),
    (
        rf"{NOT}\s+(?:\S+\s+){{0,2}}(?:accredited|diakreditasi|berakreditasi|terakreditasi|akreditasi|bertauliah){_TO_PROGRAMME}",
        False,
    ),
    # "no programme attached"; not "I only have a diploma, no bachelor's" (a qualification)
    (
        rf"(?:no|tiada|takde|without|tanpa)\s+"
        rf"(?:accredited\s+{PROGRAMME}|programmes?|programs?|pengajian|courses?|kursus)",
        False,
    ),
    (rf"{NOT}\s+(?:termasuk|masuk)\b", False),
    (
        r"(?:xde|takde|tiada|tak ada|no|not|isn'?t) (?:\S+ ){0,2}(?:kaitan|linked|related|connected|attached)",
        False,
    ),
    (r"(?:on its own|by itself|sendiri sahaja|not linked|tak berkait|tidak berkait)", False),
    (rf"(?:{PART_OF})\s+(?:of|daripada|dari|drpd|dlm|dalam)\s+(?:\S+\s+){{0,4}}{PROGRAMME}", True),
    (
        rf"(?:{PART_OF})\s+(?:of|daripada|dari|drpd)\s+(?:\S+\s+){{0,3}}(?:accredited|diakreditasi|bertauliah)",
        True,
    ),
    (
        rf"(?:in|inside|within|dalam|under|linked to|attached to|mapped (?:to|into)|built into|embedded in|counts? towards|termasuk dalam|sits inside|belongs to)\s+(?:\S+\s+){{0,3}}?(?:accredited|diakreditasi|berakreditasi|terakreditasi|akreditasi|bertauliah)\s+(?:\S+\s+)?{PROGRAMME}",
        True,
    ),
    (
        rf"{PROGRAMME}\s+(?:yang\s+)?(?:diakreditasi|berakreditasi|terakreditasi|akreditasi|bertauliah)",
        True,
    ),
    (rf"accredited\s+{PROGRAMME}|{PROGRAMME}\s+terakreditasi", True),
)

# --------------------------------------------------------------------------- places
COUNTRIES = (
    r"indonesia|bangladesh|nigeria|china|india|pakistan|nepal|myanmar|burma|thailand|singapore"
    r"|philippines|vietnam|brunei|yemen|iran|iraq|egypt|sudan|somalia|libya|jordan|syria"
    r"|saudi(?: arabia)?|sri lanka|maldives|kenya|ghana|kazakhstan|uzbekistan|japan|korea"
    r"|the uk|united kingdom|england|usa|the us|america|united states|australia|cambodia|laos"
    r"|oman|palestine|afghanistan|turkey|algeria|morocco|tanzania|uganda|zimbabwe|france|germany"
    r"|yaman|mesir|arab saudi|jepun|filipina|kemboja|singapura|cina|turki|jerman|perancis"
    r"|amerika|britain|thai|iraq|libya|sudan|pakistan|dubai|uae|qatar|uk|new zealand|canada"
    r"|ireland|netherlands|taiwan|hong kong"
)
DEMONYMS = (
    r"indonesians?|bangladeshis?|nigerians?|chinese national|indian national|pakistanis?"
    r"|nepal(?:i|ese)|myanmar|burmese|thais?|singaporeans?|filipinos?|filipinas?|vietnamese"
    r"|bruneians?|yemenis?|iranians?|iraqis?|egyptians?|sudanese|somalis?|libyans?|jordanians?"
    r"|syrians?|saudis?|sri lankans?|maldivians?|kenyans?|ghanaians?|kazakhs?|uzbeks?"
    r"|japanese|koreans?|british|americans?|australians?|cambodians?|palestinians?|afghans?"
    r"|turks?|turkish|algerians?|moroccans?|orang indonesia|orang bangladesh|orang indon|indon"
)
CITIES = (
    r"jakarta|bandung|surabaya|medan|aceh|dhaka|chittagong|lagos|abuja|karachi|lahore|islamabad"
    r"|kathmandu|yangon|bangkok|manila|hanoi|ho chi minh|bandar seri begawan|sanaa|tehran"
    r"|baghdad|cairo|khartoum|mogadishu|amman|damascus|riyadh|jeddah|colombo|nairobi|accra"
    r"|almaty|tashkent|tokyo|seoul|london|new york|sydney|phnom penh|beijing|shanghai|delhi"
    r"|mumbai|chennai|melbourne|perth|brisbane|auckland|toronto|vancouver|manchester"
    r"|edinburgh|dublin|doha|istanbul|paris|berlin|amsterdam|taipei|osaka|busan"
)

# --------------------------------------------------------------------------- same or other HEP
OTHER_PROVIDER: tuple[tuple[str, bool], ...] = (
    (
        rf"(?:not|bukan|tak|tidak|x) (?:at |di |to |ke )?(?:the )?(?:same|sama)(?: one| place| {UNIVERSITY})?",
        False,
    ),
    (
        rf"(?:any|mana-mana|mana2) (?:\S+ )?{UNIVERSITY}|{UNIVERSITY} mana-mana|{UNIVERSITY} mana2",
        False,
    ),
    (rf"{UNIVERSITY}\s+(?:\S+\s+){{0,2}}(?:in|at|di|kat|dekat)\s+(?:{CITIES}|{COUNTRIES})", False),
    (
        rf"(?:another|other|different|a different|some other|lain|berbeza|luar)\s+(?:\S+\s+)?{UNIVERSITY}",
        False,
    ),
    (rf"{UNIVERSITY}\s+(?:yang\s+)?(?:\S+\s+)?(?:lain|berbeza|other)", False),
    # "university A ... university B", "at Ain Shams University instead"
    (
        rf"{UNIVERSITY}\s+[bcdyz](?![\w-])|{UNIVERSITY}\s+(?:\S+\s+){{0,3}}instead",
        False,
    ),
    (
        r"(?:back home|in my (?:home )?country|my home country|balik (?:ke )?(?:negara|kampung)|di negara saya|negara asal|overseas|abroad|luar negara)",
        False,
    ),
    (r"(?:elsewhere|somewhere else|tempat lain|ipt lain|hep lain|uni lain)", False),
    # the award is at "a private university in Cyberjaya", "sebuah universiti swasta di KL",
    # "a university there", "universiti sana": not the credential's own HEP
    (
        rf"(?:{AWARD_WORDS}|sambung|study|studying|enrol\w*|apply\w*|place|tempat)\s+(?:\S+\s+){{0,4}}?"
        rf"(?:at|in|di|kat|dekat|with|ke)\s+(?:a|an|sebuah|satu|some)\s+(?:\S+\s+){{0,2}}?{HEP}",
        False,
    ),
    (rf"(?:a|an|sebuah)\s+{HEP}\s+(?:over\s+)?there|{HEP}\s+(?:di\s+|kat\s+)?sana", False),
    (
        rf"(?:kat|di|dekat|ke)\s+(?:sebuah\s+)?{HEP}\s+(?:swasta|awam)"
        rf"|(?:at|in|to)\s+(?:a|another)\s+(?:private|public)\s+{HEP}",
        False,
    ),
    (
        rf"(?:same|sama)\s+{UNIVERSITY}|(?:same|that same|the same) (?:programme|program|degree) (?:there|at the same)"
        r"|(?:continue|carry on|stay|sambung|teruskan) (?:\S+ ){0,2}(?:in|into|with|dalam|di) (?:that |the )?same (?:programme|program)",
        True,
    ),
    (rf"{UNIVERSITY}\s+(?:yang\s+)?sama", True),
    # "nak masuk Sijil ... kat situ jugak": there too, where the credential was taken
    (r"(?:kat|di|dekat|at) (?:situ|sana|there) (?:jugak|juga|jgk|also|too|as well)", True),
    (
        r"(?:the same one|same place|where i (?:took|did|studied|got) it|tempat (?:yang )?sama|tempat saya ambil)",
        True,
    ),
)
# Recognition by the learner's own country, which the FAQ's caveat about governments covers.
ACCEPTED_AT_HOME = (
    r"(?:accepted|recogni[sz]ed|valid|count|counts|counted|dikira|diterima|diiktiraf|sah) (?:\S+ ){0,3}(?:back home|at home"
    r"|in my (?:home )?country|di negara (?:saya|sy|asal)|kat negara (?:saya|sy))"
)
# Studying for the award abroad: at another HEP than the Malaysian one ("nak continue degree
# cybersecurity kat Colombo").
STUDY_ABROAD = (
    rf"(?:{AWARD_WORDS}|sambung|continue|study|studying|studies|belajar|universit\w*|uni)\s+(?:\S+\s+){{0,4}}?"
    rf"(?:in|di|kat|dekat|at)\s+(?:{COUNTRIES}|{CITIES})"
)
# ... unless they say they will study there.
STUDY_AT_HOME = (
    r"(?:study|studying|enrol\w*|sambung|belajar|universit\w*|uni|college|kolej) (?:\S+ ){0,4}"
    r"(?:back home|in my (?:home )?country|di negara (?:saya|sy|asal))"
)
# A bare answer to "the same HEP, or a different one?".
PROVIDER_ANSWER: tuple[tuple[str, bool], ...] = (
    (
        r"(?:different|another|other|lain|berbeza|elsewhere|not the same|tak sama|bukan yang sama)",
        False,
    ),
    (r"(?:same|sama|that one|itu juga|there|situ)", True),
)

# --------------------------------------------------------------------------- nationality
MALAYSIAN: tuple[tuple[str, bool], ...] = (
    (
        r"non[- ]?malaysians?|not (?:a )?malaysian|bukan (?:warganegara|rakyat|orang) ?(?:malaysia)?",
        False,
    ),
    (
        r"foreign(?:er|ers)?|foreign student|international student|(?:on|with|hold\w*|ada|guna) (?:an? |my )?(?:student|work|employment|dependant|dependent) pass|pas (?:pelajar|kerja|penggajian|tanggungan)|permit kerja|work permit|warga asing|orang asing|pelajar asing|pelajar antarabangsa|expat(?:riate)?s?",
        False,
    ),
    (DEMONYMS, False),
    (rf"(?:{COUNTRIES})[^.?!]{{0,20}}[.?!]?\s*(?:that'?s |which is )?where i'?m from", False),
    (rf"(?:orang|warga|warganegara|rakyat|citizen of|national of)\s+(?:{COUNTRIES})", False),
    (
        rf"(?:i'?m|i am|am|saya|sy|aku)\s+(?:\S+\s+)?(?:from|dari|berasal dari)\s+(?:{CITIES})",
        False,
    ),
    (r"back home (?:in|to|at|di|ke) (?!malaysia)\S+", False),
    # studying or using the credits abroad: the caveat about other governments applies
    (
        rf"(?:{AWARD_WORDS}|sambung|study|studying|belajar|universit\w*|uni|credits?|kredit|used?"
        rf"|guna\w*|diiktiraf|recogni[sz]ed|accepted|diterima)\s+(?:\S+\s+){{0,4}}?"
        rf"(?:in|di|ke|to|kat|dekat)\s+(?:{COUNTRIES}|{CITIES})",
        False,
    ),
    # moving abroad: the caveat about other governments applies as to a foreigner
    (
        rf"(?:pindah|move|moving|relocat\w*|migrat\w*|berhijrah|balik) (?:\S+ ){{0,2}}(?:ke|to) (?:{COUNTRIES}|{CITIES})|kerajaan (?:sana|negara tu|di sana)|(?:the )?government (?:there|over there)",
        False,
    ),
    (
        rf"(?:i'?m|i am|am|come|came|coming|originally|berasal|asal|dari|from)\s+(?:from\s+)?(?:{COUNTRIES})",
        False,
    ),
    (rf"(?:back home|home|balik)\s+(?:in|to|ke|di)\s+(?:{CITIES}|{COUNTRIES})", False),
    (
        rf"(?:my|our)\s+(?:home\s+)?country|negara (?:saya|asal|sy)|my (?:home )?government|home government|(?:go|going) back (?:to|home to) (?:{COUNTRIES})|kerajaan (?:negara )?saya|{CITIES}",
        False,
    ),
    (
        rf"(?:i'?m|i am|am|a|as a|sebagai|saya|sy|aku)\s+(?:seorang\s+|ni\s+|adalah\s+)?(?:malaysian|warganegara malaysia|rakyat malaysia|orang malaysia|warganegara|rakyat)(?!\s+(?:{COUNTRIES}|{UNIVERSITY}|companies|company|firms?|employers?|government|qualifications?|programmes?|degrees?|diplomas?))",
        True,
    ),
    (
        r"malaysian citizens?|warganegara malaysia|rakyat malaysia|orang malaysia|mykad|i'?m local|local student|saya (?:orang )?tempatan|(?:i'?m|am|saya|sy) (?:from|dari) malaysia",
        True,
    ),
)
# A bare answer to "Are you Malaysian?".
MALAYSIAN_ANSWER: tuple[tuple[str, bool], ...] = (
    (
        rf"non[- ]?malaysian|bukan warganegara|foreigner|warga asing|international|{COUNTRIES}",
        False,
    ),
    (r"malaysian|warganegara|rakyat malaysia|local|tempatan", True),
)

# --------------------------------------------------------------------------- entry requirements
# "x nak sijil akademik": not wanting a certificate is no missing one
NOT_WANTING = r"nak|want|need|perlu|mahu|hendak|ingin|minat|berminat|care"
QUALIFICATIONS = r"spm|stpm|diploma|matriculation|matrikulasi|a-?levels?|o-?levels?|foundation|asasi|degree|ijazah|sijil|certificate|results?|keputusan"
ENTRY: tuple[tuple[str, bool], ...] = (
    (
        rf"(?:never|didn'?t|did not|don'?t|do not|tak|tidak|x|belum|no|tiada|takde|without|tanpa)\s+(?!(?:{NOT_WANTING})\s)(?:\S+\s+){{0,2}}(?:{QUALIFICATIONS})",
        False,
    ),
    (
        rf"(?:failed|fail|gagal|flunked|bad|poor|teruk|low|rendah|weak|lemah)\s+(?:\S+\s+){{0,2}}(?:{QUALIFICATIONS}|grades?)",
        False,
    ),
    (
        rf"(?:{QUALIFICATIONS}|grades?|gred|markah|peperiksaan)\s+(?:\S+\s+){{0,3}}(?:tak lulus|x lulus|tidak lulus|tak cukup|x cukup|tidak cukup|not enough|gagal|teruk|bad|poor|failed|not good|tak bagus|weak|lemah|low|rendah|tak berapa bagus|kurang baik)",
        False,
    ),
    (
        r"(?:don'?t|do not|doesn'?t|might not|may not|can'?t|won'?t|not|tak|tidak|x|belum|kurang)\s+(?:\S+\s+){0,2}(?:meet|memenuhi|cukup|penuhi|qualify|qualified|layak|eligible)",
        False,
    ),
    (
        r"(?:worried|worry|afraid|scared|unsure|not sure|doubt|risau|bimbang|takut|tak pasti|tidak pasti|ragu)\s+(?:\S+\s+){0,6}(?:entry|requirements?|qualif\w*|syarat|layak|kelayakan|spm|results?|keputusan|admitted|accepted|get in|diterima)",
        False,
    ),
    (
        rf"only (?:got|have|had|ada|dapat) (?:\S+ ){{0,2}}(?:credits?|kredit|passes|a's|as) (?:in|dalam|untuk) (?:{QUALIFICATIONS})",
        False,
    ),
    (
        r"(?:dropped out|didn'?t finish school|left school|tak habis sekolah|berhenti sekolah|no qualifications?|tiada kelayakan|tak ada kelayakan)",
        False,
    ),
    (  # "saya tidak mempunyai SPM", "I only have a diploma, no bachelor's"
        rf"(?:tidak|tak|x|takde|tiada) (?:mempunyai|memiliki|ada|punya) (?:sijil |keputusan )?(?:spm|stpm|{AWARD_WORDS})"
        rf"|(?:only|just|cuma|hanya) (?:have|got|ada) (?:a |an )?(?:{QUALIFICATIONS}),? (?:no|not|tiada|takde|tak ada) (?:a |an )?(?:{AWARD_WORDS}|spm)",
        False,
    ),
    (  # "my CGPA is 2.4, below their minimum", "kurang daripada syarat minimum"
        r"(?:below|under|lower than|bawah|kurang (?:dari|daripada)) (?:the |their |its |that |syarat )?"
        r"(?:minimum|min|requirements?|entry requirements?|cut-?off)",
        False,
    ),
    (  # "I don't have a bachelor's degree, only a diploma" (for a master's)
        rf"(?:i|saya|sy) (?:don'?t|do not|never|tak|tidak|x|takde|tiada) (?:have|got|ada|dapat|hold) (?:a |an |the |any |my )?(?:{AWARD_WORDS}|spm|stpm)\b(?:'s)?(?: degree)?,? (?:only|just|cuma|hanya|je)",
        False,
    ),
    (
        r"(?:i|saya|sy)\s+(?:do\s+)?(?:meet|memenuhi|penuhi|cukup)\s+(?:\S+\s+){0,2}(?:entry|requirements?|syarat)",
        True,
    ),
    (rf"(?:i have|i've got|i got|saya ada|sy ada)\s+(?:my\s+|a\s+)?(?:{QUALIFICATIONS})", True),
    (
        r"(?:i|i'm|i am|saya|sy)\s+(?!(?:must|need|needs|have|should|kena|perlu|wajib|harus)\b)(?:\S+\s+){0,2}(?:layak|eligible|qualified|qualify|lepas syarat|memenuhi syarat|meet (?:the )?(?:entry )?requirements?)",
        True,
    ),
)

# --------------------------------------------------------------------------- goal
GOALS: tuple[tuple[str, str], ...] = (
    # "purely for the hands-on skills", "cuma nak ilmu", "I already have a degree and don't
    # want another one", "x nak sijil akademik", "bukan nak dpt ijazah ke diploma pun"
    (
        r"(?:purely|just|only|semata-mata|cuma|hanya)\s+(?:for|to|untuk|sebab|sbb|nak|want)\s+(?:the\s+|my\s+)?(?:\S+\s+)?(?:skills?|knowledge|ilmu|kemahiran|pengetahuan)",
        "upskilling",
    ),
    (
        rf"(?:already have|already got|dah ada|sudah ada|dah ada|ada dah)\s+(?:a\s+|an\s+)?(?:{AWARD_WORDS})\s+(?:\S+\s+){{0,4}}?(?:don'?t|do not|not|x|tak|tidak)\s+(?:\S+\s+)?(?:want|need|nak|perlu|mahu)\s+(?:another|lagi|one more)",
        "upskilling",
    ),
    (
        r"(?:x|tak|tidak|don'?t|do not|no)\s+(?:\S+\s+)?(?:nak|want|need|perlu|mahu)\s+(?:any\s+|an?\s+)?(?:sijil akademik|academic (?:cert\w*|qualifications?|awards?|credits?)|paper qualifications?)"
        r"|(?:not after|not chasing|not seeking|not looking for|not aiming for|don'?t care (?:about|for)|do not care (?:about|for)|tak kisah (?:pasal )?|x kisah (?:pasal )?)\s*(?:any |a |an |the )?(?:qualifications?|degrees?|diplomas?|certificates?|certs?|credits?|kredit|ijazah|sijil|academic\w*)",
        "upskilling",
    ),
    (
        rf"(?:bukan|not|tak|x)\s+(?:nak|want|mahu|untuk|for|to)\s+(?:\S+\s+)?(?:a\s+|an\s+|any\s+)?(?:{AWARD_WORDS})(?:\s+(?:ke|or|atau|nor|and|dan)\s+(?:a\s+|an\s+)?(?:{AWARD_WORDS}))?",
        "upskilling",
    ),
    (
        r"(?:just|only|purely|sahaja|saja|je|jer|cuma|hanya)\s+(?:\S+\s+){0,3}(?:for|untuk)\s+(?:my\s+)?(?:job|work|kerja|career|kerjaya)",
        "upskilling",
    ),
    (
        r"(?:for|untuk)\s+(?:my\s+)?(?:job|work|kerja|career|kerjaya)\s+(?:je|jer|sahaja|saja|only|just)",
        "upskilling",
    ),
    (
        r"(?:just|only|cuma|hanya) (?:want|nak|mahu) (?:\S+ ){0,8}(?:skills?|kemahiran|skill|upskill\w*)",
        "upskilling",
    ),
    (
        r"(?:not interested|no interest|zero interest|tak berminat|tidak berminat|x berminat|tak minat|x minat|takde minat|tiada minat) (?:in |dalam |nak |untuk )?(?:\S+ ){0,3}(?:academic|awards?|degrees?|diplomas?|credits?|kredit|ijazah|studying|sambung)",
        "upskilling",
    ),
    (
        r"(?:no|tiada|takde|tak ada|tak) (?:plans?|niat|rancangan|plan|intention) (?:\S+ ){0,4}(?:study|studying|sambung|degree|diploma|belajar|ijazah|universit\w*|uni|credits?|kredit)",
        "upskilling",
    ),
    (
        r"(?:no|not|tak|tidak|x|bukan|nobody|no one|none of (?:us|them)|tiada siapa) (?:(?:is |are )?(?:going|planning|aiming|looking|interested|wants?|needs?|nak|mahu|ingin|berminat|for|untuk)\s+(?:\S+\s+)?)?(?:a |an |any )?(?:degree|diploma|study|studying|further study|sambung belajar|ijazah)\b(?!\s+(?:later|nanti))",
        "upskilling",
    ),
    (
        r"(?:not looking for|not planning|don'?t want|do not want|x nak|x mahu|tak mahu|don'?t need|do not need|no need for|tak perlu|tidak perlu|x perlu|tak nak|tak plan|x plan) (?:\S+ ){0,4}(?:degree|diploma|academic|credits?|kredit|ijazah|sambung|study|studying|belajar)",
        "upskilling",
    ),
    (
        r"(?:just|only|je|jer|sahaja|saja|cuma) (?:\S+ ){0,6}(?:for|untuk) (?:my |the |our )?(?:\S+ )?(?:job|work|kerja|career|kerjaya)|(?:for|untuk) (?:my |the |our )?(?:\S+ )?(?:job|work|kerja) (?:je|jer|sahaja|saja|only|just)",
        "upskilling",
    ),
    (  # "nobody on the team needs academic credit"
        r"(?:nobody|no one|none of (?:us|them|my|our|the)|tiada siapa|tak ada siapa|takde siapa) (?:\S+ ){0,3}"
        r"(?:needs?|wants?|perlu|nak|mahu) (?:\S+ ){0,2}(?:credits?|kredit|qualifications?|awards?|degrees?|diplomas?|sijil)",
        "upskilling",
    ),
    (
        r"peningkatan kemahiran|tingkatkan kemahiran|naikkan skill|tambah skill|upskill\w*|reskill\w*|for upskilling",
        "upskilling",
    ),
    (
        rf"(?:towards?|to get|for|into|untuk|ke|masuk)\s+(?:\S+\s+){{0,3}}(?:{AWARD_WORDS}|academic award|qualification|kelayakan akademik)",
        "academic_award",
    ),
    (
        rf"(?:want|wants|wanna|gonna|plan|planning|hope|hoping|going|nak|mahu|ingin|hendak|akan) (?:to )?(?:do|take|enrol in|enroll in|join|pursue|start|buat|ambil|sambung|menyambung|melanjutkan|masuk) (?:\S+ ){{0,3}}(?:{AWARD_WORDS}|(?:sijil|certificate) (?!mikro|micro)\w+)",
        "academic_award",
    ),
    (  # "yes I do want the diploma eventually", "sy nk dapat diploma nnti"
        rf"(?:want|wants|wanna|nak|nk|mahu|ingin|hendak|hope to|plan to|aim to) (?:to )?"
        rf"(?:get|earn|obtain|have|dapat|dapatkan|capai|the|a|an|my)(?: (?:the|a|an|my))? (?:{AWARD_WORDS})",
        "academic_award",
    ),
    (
        r"(?:goal|aim|plan|target|matlamat|tujuan|rancangan)\s+(?:is|are|adalah|ialah|saya)?\s*(?:to get\s+)?(?:\S+\s+){0,2}(?:diploma|degree|bachelor\w*|master\w*|phd|ijazah|sarjana)",
        "academic_award",
    ),
    (
        r"(?:continue (?:my |with my )?(?:studies|study|studying|education)|further (?:my )?(?:studies|education)"
        r"|melanjutkan (?:pelajaran|pengajian)|credit transfer|transfer (?:\S+ ){0,2}credits?|pindah\w* kredit|kredit\w* (?:\S+ )?dipindah\w*|apel|count towards|credits? towards|dikira|recogni[sz]\w*|diiktiraf|pengiktirafan|sambung (?:belajar|study|diploma|ijazah|degree))",
        "academic_award",
    ),
)

# The message asks about recognition for the learner's own case (enter advising).
WANTS_RECOGNITION = (
    r"(?:guna|gunakan|pakai|use) (?:\S+ ){0,3}(?:untuk|for|to) sambung (?:belajar|study|studies|pengajian)|"
    r"credit transfer|transfer (?:\S+ ){0,3}credits?|transfer (?:it|them|this|that)"
    r"|pindah(?:kan)? (?:\S+ ){0,2}kredit|kredit (?:\S+ ){0,2}(?:dipindah\w*|pindah\w*)"
    r"|(?:get|gain|claim|earn|dapat|dapatkan|mendapat|mendapatkan|tuntut|tebus|mohon|memohon|apply for|request) (?:\S+ ){0,3}(?:credits?|kredit)"
    r"|(?:count|counts|counted|dikira|kira) (?:\S+ ){0,2}(?:towards?|for|untuk|dalam|ke|as|in|into|di)"
    r"|recogni[sz]\w*|diiktiraf|pengiktirafan|iktiraf|apel|(?:be|get|is|are) counted|diambil kira"
    r"|(?:credits?|kredit) (?:\S+ ){0,2}(?:count|counts|dikira|diterima|accepted|transfer\w*|pindah\w*|bawa|dibawa|brought|guna|used?|pakai|dipakai|digunakan|diguna)"
    r"|(?:will|would|does|do|can|could) (?:\S+ ){0,3}count(?:ed)?(?![\w-])|give (?:me |us )?(?:any |some )?credits?"
    r"|(?:bring|take|carry|bawa) (?:the |my |those |these )?(?:credits?|kredit)|(?:credits?|kredit) (?:\S+ ){0,2}(?:carry|carried) over"
    r"|(?:use|using|guna|gunakan|pakai|tender|submit|kemukakan) (?:\S+ ){0,5}(?:towards?|for|untuk|to get into|to enter|masuk|into|at|di|ke|in|dalam) (?:\S+ ){0,4}(?:diploma|degree|bachelor\w*|master\w*|ijazah|programme|program|universit\w*|uni|hep|ipt|sijil|certificate)"
    r"|(?:into|masuk|get into|enter|sambung|enrol(?:l)? (?:in|into|for)|apply (?:to|for)|get|dapat|towards) (?:\S+ ){0,4}(?:diploma|degree|ijazah|bachelor\w*|master\w*)"
    # "I want credit for a diploma", "nak kredit untuk ijazah"
    rf"|(?:credits?|kredit) (?:for|towards?|untuk|ke|dalam|in) (?:\S+ ){{0,3}}(?:{AWARD_WORDS}|programme|program)"
    # "would like credit for it at an Australian university"
    rf"|(?:credits?|kredit) (?:for|untuk) (?:it|them|this|that|dia|ni|tu) (?:at|in|di|kat) (?:\S+ ){{0,3}}{HEP}"
    # "blh ke dipindahkan ke universiti sana?", "can it be carried over to a college?"
    rf"|(?:dipindah\w*|pindah\w*|transfer\w*|moved?|bawa|brought|carried) (?:over )?(?:ke|to|into) (?:\S+ ){{0,2}}(?:{HEP}|{AWARD_WORDS})"
)

# --------------------------------------------------------------------------- yes / no
UNSURE = (
    r"not sure|unsure|don'?t know|dunno|no idea|maybe|perhaps|entah|mungkin|tak pasti"
    r"|tidak pasti|tak tahu|tidak tahu|tak tau|x tau|x tahu|tak ingat|can'?t remember"
)
YES_NO: tuple[tuple[str, bool], ...] = (
    (
        r"yes|yeah|yea|yep|yup|ya|yalah|yelah|ye|iya|y|sure|of course|correct|right|betul|benar|haah|ha'?ah|aah|it is|it does|ada|dah|sudah|boleh|ok|okay|okey",
        True,
    ),
    (
        r"no|nope|nah|not|never|n|x|tidak|tak|takde|tiada|bukan|belum|it isn'?t|it'?s not|it doesn'?t",
        False,
    ),
)

# --------------------------------------------------------------------------- catalogue search
MODES: tuple[tuple[str, str], ...] = (
    ("blended", r"blended|hybrid|hibrid|campuran|teradun|mixed mode|separa dalam talian"),
    (
        "conventional",
        r"conventional|konvensional|face[- ]to[- ]face|bersemuka|in[- ]person|physical|fizikal"
        r"|on campus|di kampus|classroom|kelas fizikal",
    ),
    (
        "online",
        r"online|dalam talian|atas talian|e-?learning|remote(?:ly)?(?! sensing)|virtual|from home|dari rumah|dr rumah",
    ),
)
MODE_NEGATION = rf"(?:{NOT}|nothing|none|without|tanpa|rather than|instead of|except|selain|bukan secara)\s+(?:fully\s+|100%\s+|sepenuhnya\s+|secara\s+)?(?:(?:in|at|on|di|dalam|dlm)\s+(?:a\s+|the\s+)?)?"

# Start any time, at one's own pace: credentials without fixed intakes.
SELF_PACED = (
    r"self[- ]?paced|(?:at |on )?(?:my|your|our|their|own) (?:own )?pace|no fixed (?:intakes?|dates?|schedule)"
    r"|(?:start|join|mula|masuk|daftar) (?:\S+ )?(?:any ?time|bila-bila (?:masa )?(?:je|saja|sahaja)?|bila2)"
    r"|ikut (?:masa|kelapangan|rentak) (?:sendiri|sy|saya)|tiada (?:tarikh )?(?:pengambilan|intake) tetap"
    r"|(?:tak|x|tiada|takde) (?:ada )?(?:tarikh|intake) (?:tetap|fixed)"
)
# Malaysian states and territories, as the catalogue names providers' states.
STATES: tuple[tuple[str, str], ...] = (
    ("Johor", r"johor(?: bahru)?|jb"),
    ("Selangor", r"selangor|shah alam|petaling jaya|pj|cyberjaya|bangi|klang"),
    ("Kuala Lumpur", r"kuala lumpur|kl|wilayah persekutuan"),
    ("Perak", r"perak|ipoh"),
    ("Terengganu", r"terengganu|kuala terengganu"),
    ("Pulau Pinang", r"pulau pinang|penang|pinang"),
    ("Kedah", r"kedah|alor setar"),
    ("Kelantan", r"kelantan|kota bharu"),
    ("Pahang", r"pahang|kuantan"),
    ("Melaka", r"melaka|malacca"),
    ("Negeri Sembilan", r"negeri sembilan|seremban"),
    ("Perlis", r"perlis|kangar"),
    ("Sabah", r"sabah|kota kinabalu"),
    ("Sarawak", r"sarawak|kuching"),
)
# A place named asks where the providers are ("ada penyedia kat Johor?", "courses in Penang").
WHERE_OFFERED = (
    r"penyedia\w*|providers?|universit\w*|kolej|colleges?|institut\w*|polytechnics?|politeknik"
    r"|offered|ditawarkan|(?:kursus|courses?|classes?|kelas) (?:\S+ )?(?:in|at|near|di|kat|dekat)|near|nearby|berdekatan"
)
# "diajar sepenuhnya dlm BM": how much, not what about.
# "ada penyedia kat Johor?": where, not what about.
NOT_TOPICS_EXTRA = frozenset(
    """sepenuhnya fully entirely completely wholly purely semata penyedia provider providers
    duduk tinggal kat dekat near nearby berdekatan
    hari jam hour hours day days minggu week weeks bulan month months""".split()
)

INSTRUCTION_LANGUAGES: tuple[tuple[str, str], ...] = (
    (
        "Bahasa Melayu",
        r"(?:in|taught in|dalam|diajar dalam|medium|guna|using|pakai)\s+(?:bahasa\s+)?(?:melayu|malay|bm|bahasa malaysia)"
        r"|(?:melayu|malay|bm)[- ](?:medium|language)|bahasa melayu|bahasa malaysia",
    ),
    (
        "English",
        r"(?:in|taught in|dalam|diajar dalam|medium|guna|using|pakai)\s+(?:bahasa\s+)?(?:english|inggeris|bi)"
        r"|english[- ](?:medium|language)|bahasa inggeris",
    ),
)

CHEAP = r"cheap\w*|lowest (?:fee|price|cost)|least expensive|most affordable|affordable|murah\w*|termurah|paling murah|paling rendah yuran|yuran (?:paling )?rendah|lowest"
DEAR = r"most expensive|priciest|highest (?:fee|price)|paling mahal|termahal|mahal sekali"
SHORT = r"shortest|quickest|fastest|least hours|fewest hours|fewest|least time|paling (?:singkat|pendek|cepat|sekejap)|tersingkat|terpendek|paling sikit jam"
LONG = r"longest|most hours|most in-?depth|paling lama|terpanjang|paling panjang|paling banyak jam"
DEARER = r"more expensive|pricier|costlier|lebih mahal"
CHEAPER = r"cheaper|less expensive|lebih murah|more affordable"
LONGER = r"longer|lebih lama|lebih panjang|more hours"
SHORTER = r"shorter|quicker|lebih singkat|lebih pendek|lebih cepat|fewer hours"
COMPARATIVES = (DEARER, CHEAPER, LONGER, SHORTER)
SUPERLATIVES: tuple[tuple[str, tuple[str, bool]], ...] = (
    (DEARER, ("fee", True)),
    (CHEAPER, ("fee", False)),
    (LONGER, ("hours", True)),
    (SHORTER, ("hours", False)),
    (DEAR, ("fee", True)),
    (CHEAP, ("fee", False)),
    (SHORT, ("hours", False)),
    (LONG, ("hours", True)),
)

BELOW_STRICT = r"under|below|less than|cheaper than|lower than|bawah|di bawah|kurang (?:dari(?:pada)?|drpd)?|kurang|<"
BELOW_INCLUSIVE = r"max(?:imum)?|at most|up to|not more than|no more than|within|in under|dalam masa|siap dalam|finish in|done in|(?:my |our )?(?:budget|bajet)(?: of| is| saya| sy| aku| cuma| only| just| hanya)*|tak lebih(?: dari(?:pada)?)?|tidak lebih(?: dari(?:pada)?)?|sehingga|<="
ABOVE = r"over|above|more than|at least|minimum|min|lebih (?:dari(?:pada)?|drpd)|lebih|atas|>=?"
HOUR_UNITS = r"(?:h|hr|hrs|hours?|jam)"
DAY_UNITS = r"(?:days?|hari)"
# An amount of money: with its currency, or a bare three- or four-digit number not of hours.
MONEY = (
    r"(?:(?:rm|myr)\s*(\d{2,5})|(\d{3,5})(?!\s*(?:h|hr|hrs|hours?|jam|days?|hari)\b))"
    r"(?:\s*(?:ringgit|rm|myr))?"
)
# Time a learner can spare, as hours at most.
SPARE_TIME: tuple[tuple[str, int], ...] = (
    (
        r"half a day|half day|half-day|setengah hari|separuh hari|1/2 day|a morning|satu pagi|few hours|beberapa jam",
        4,
    ),
    (r"(?:a|one|1|satu|se)\s*(?:full\s+)?day|sehari|a single day", 8),
    (r"(?:a|one|1)\s+weekend|hujung minggu|weekend", 16),
)

# Malay names of fields of study, read as the catalogue's English field names.
FIELD_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("sains data", "data science"),
    ("keselamatan siber", "cybersecurity"),
    ("cyber[- ]security", "cybersecurity"),
    ("kecerdasan buatan", "artificial intelligence"),
    ("ai", "artificial intelligence"),
    ("pemasaran digital", "digital marketing"),
    ("kewangan islam", "islamic finance"),
    ("industri halal", "halal industry"),
    ("tenaga boleh baharu", "renewable energy"),
    ("keusahawanan", "entrepreneurship"),
    ("pendidikan awal kanak-kanak", "early childhood education"),
    ("keselamatan dan kesihatan pekerjaan", "occupational safety and health"),
    ("hospitaliti dan pelancongan", "hospitality and tourism"),
    ("penjagaan kesihatan", "healthcare"),
)

# Needs and jobs learners describe, and the catalogue words that meet them.
NEEDS: tuple[tuple[str, str], ...] = (
    (
        r"ransomware|servers?|lock down|secure (?:our|my|the) (?:\S+ )?(?:systems?|network|data)|scam\w*|phish\w*|penipuan|tipu|fake (?:\S+ )?e-?mails?|email palsu|suspicious (?:emails?|links?)|clicking (?:on )?(?:\S+ )?(?:links?|emails?)|hacked|kena hack|malware|virus",
        "phishing cybersecurity",
    ),
    (r"hack\w*|pentest\w*|penetration", "ethical hacking penetration testing"),
    (
        r"sell\w* (?:\S+ )?online|jual\w* (?:\S+ )?online|berniaga online|niaga online|online (?:shop|store|business|seller)|kedai online|shopee|lazada|e-?commerce|marketplace|dropship\w*",
        "e-commerce marketplace selling",
    ),
    (
        r"(?:sell\w*|jual\w*|niaga|berniaga|bisnes|business|make|making|bake|baking)\s+(?:\S+\s+){0,2}(?:kuih|kek|cakes?|biskut|cookies|food|makanan)|bakery|food business|perniagaan makanan",
        "e-commerce halal food",
    ),
    (
        r"(?:i'?m|i am|as|work as|working as|jadi|sebagai|saya|sy|a) (?:a |an |seorang )?(?:cook|chef|tukang masak)|cooks|chefs|kitchen|dapur|caterer\w*|catering|katering|masak\w*|tukang masak|restaurants?|restoran|kafe|cafe|food handl\w*|pengendali makanan",
        "halal kitchen food beverage",
    ),
    (
        r"hotels?|hospitality|hospitaliti|receptionist|front desk|resort|homestay|tourism|pelancongan|tour guide|pemandu pelancong",
        "hospitality tourism hotel",
    ),
    (r"waiter|waitress|pelayan|f&b|food and beverage|makanan dan minuman", "food beverage service"),
    (
        r"kindergarten|taska|tadika|preschool|pre-school|childcare|child care|nursery|nurseri|pengasuh|babysit\w*|early childhood|kanak-kanak|kids|children",
        "early childhood",
    ),
    (
        r"farm\w*|petani|pertanian|kebun|agricultur\w*|drones?|crops?|tanaman|fertigasi",
        "agriculture farming",
    ),
    (
        r"fish|ikan|aquacultur\w*|akuakultur|ternakan ikan|prawns?|udang|tilapia|keli|patin"
        r"|fish ?ponds?|kolam ikan|ponds?",
        "aquaculture",
    ),
    (
        r"bookkeep\w*|accounts?|accounting|perakaunan|simpan kira|akaun|invoices?|kewangan perniagaan",
        "bookkeeping small business",
    ),
    (
        r"construction|binaan|scaffold\w*|height|tinggi|site safety|keselamatan tapak|tangki|tanks?|manholes?|confined",
        "safety height confined space",
    ),
    (r"hazard|bahaya|risk assessment|hirarc", "safety hazard risk"),
    (r"safety|keselamatan pekerjaan|osh", "safety"),
    (
        r"solar|panel solar|suria|renewable|tenaga boleh baharu|green energy|tenaga hijau",
        "solar renewable energy",
    ),
    (r"excel|spreadsheets?|hamparan", "spreadsheet data"),
    (
        r"dashboards?|power ?bi|reports?|laporan|visuali[sz]\w*|charts?|carta",
        "dashboard visualisation data",
    ),
    (
        r"social media|media sosial|instagram|tiktok|facebook|influencer|content creat\w*|kandungan digital|youtube|videos?",
        "social media content",
    ),
    (r"seo|google ranking|website traffic|search engines?", "search engine optimisation"),
    (r"marketing|pemasaran|promot\w*|iklan|advertis\w*", "marketing"),
    (
        r"chatbots?|chatgpt|gpt|generative|prompts?|\bai\b|kecerdasan buatan|artificial intelligence",
        "artificial intelligence",
    ),
    (
        r"machine learning|pembelajaran mesin|\bml\b|deep learning|computer vision|neural",
        "machine learning",
    ),
    (r"big data|spark|data engineer\w*", "big data"),
    (r"data|analytics|analitik|analisis data|statistics|statistik", "data"),
    (
        r"startups?|syarikat baru|business ideas?|idea perniagaan|entrepreneur\w*|usahawan|keusahawanan|own business|perniagaan sendiri|bisnes",
        "entrepreneurship business",
    ),
    (
        r"nurs\w*|jururawat|clinic|klinik|hospital|health\w*|kesihatan|medical|perubatan",
        "healthcare health",
    ),
    (
        r"takaful|insurance|insurans|islamic bank\w*|perbankan islam|syariah|shariah|zakat|wakaf|kewangan islam|islamic finance|financial planning|perancangan kewangan",
        "islamic finance",
    ),
    (r"halal|jakim|muslim[- ]friendly|mesra muslim", "halal"),
    (r"supply chain|rantaian bekalan|logistic\w*|logistik|warehouse|gudang", "supply chain"),
    (r"cyber ?security|keselamatan siber|siber|it security|network security", "cybersecurity"),
)

# Words that carry no topic in a catalogue request.
GENERIC_WORDS = frozenset(
    """
    course courses kursus class classes module modules programme program programmes programs
    taught teach teaches teaching diajar diajarkan
    micro credential credentials microcredential microcredentials mikro kredensial
    mikro-kredensial micro-credential micro-credentials anything something any thing things
    have got offer offered offering provide available ada tawar ditawarkan menawarkan
    show list give find search cari senarai tunjuk tunjukkan want need looking look nak mahu
    hendak perlu useful berguna sesuai suitable good best recommend cadang cadangkan
    learn learning pembelajaran mod belajar study studies take ambil join sertai daftar enrol enroll
    me my i im i'm saya sy aku you your korang awak anda we our kami kita us
    work working kerja bekerja job jobs staff employee employees pekerja team
    related about on in for of the a an and or with to at by from is are be do does
    this that these those there here it its what which who how some kind type types
    yang untuk dalam pada dan atau dengan dari tentang ini itu tu ni apa mana ke tak x
    boleh can could would should will please tolong sikit little bit more lagi also juga
    like suka interested minat berminat cover covers topic topics field bidang area
    really very sangat just only je sahaja saja attend attending hadir physically start
    starting mula reti tahu know cara way ways
    """.split()
)


# The FAQ's own words: they say what is asked about micro-credentials, not which ones.
FAQ_WORDS = frozenset(
    """
    entry requirement requirements syarat kemasukan fee fees yuran cost costs price harga
    age umur limit had badge badges lencana digital certificate cert sijil duration tempoh
    hours hour jam long lama online mode modes delivery qualification qualifications
    kelayakan skill skills kemahiran employer employers majikan benefit benefits value worth
    recognised recognized recognition iktiraf diiktiraf pengiktirafan credit credits kredit
    transfer pindah malaysian malaysians warganegara foreigner foreigners nationality type
    types jenis standalone complete completed completing finish finished habis tamat lulus
    pass passed assessment get dapat receive award awarded enrol enroll register daftar
    expensive mahal cheap murah much berapa many long makan masa
    """.split()
)
# A message about a credential, not about micro-credentials in general.
COURSE_WORDS = (
    r"course|kursus|class|kelas|module|modul|subject|subjek|the \S+ one|yang \S+ (?:tu|itu)"
)

# --------------------------------------------------------------------------- the conversation
PERSONAL = r"i|i'm|im|my|me|mine|saya|sy|aku|ku|kami|we|our"
# The learner's own case, asked about again after advice ("so for my case what happens?").
MY_CASE = (
    r"(?:my|our) (?:case|situation)|in my shoes|(?:kes|situasi|keadaan) (?:saya|sy|aku|kami)"
    r"|(?:so|then|jadi|jd) (?:\S+ ){0,3}(?:for|untuk|utk) (?:me|saya|sy)"
)
# Words that point at the credential talked about last.
REFERS = (
    r"it|its|it's|this one|that one|the course|the one|the programme|ini|itu|tu|ni|dia"
    r"|kursus (?:ini|itu|tu|ni)|yang (?:ini|itu|tu|ni)|same one|that course|this course"
    r"|(?:is|was|about|for|of) (?:this|that)"
)
# A follow-up that continues the last answer ("and the duration?", "lepas tu yuran?").
FOLLOW_UP = r"^(?:and|so|then|also|how about|what about|dan|lepas tu|habis tu|pastu|kalau)\b"
_GENERALLY = r"in general|generally|secara umum|biasanya|usually"
# Micro-credentials in general, not the catalogue's ("the longest one can be", "biasanya").
IN_GENERAL = (
    rf"{_GENERALLY}|typically|on average|purata"
    r"|can be|could be|boleh jadi|boleh sampai|up to|at most|maximum|minimum"
)
# "Can I / boleh ke saya ... join / ambil": asking to take part.
MAY_I_JOIN = (
    r"(?:boleh|blh|can|could|may) (?:ke |tak |x )?(?:i|saya|sy|he|she|dia|we|kami|my \w+|anak \w+)? ?"
    r"(?:ambil|amik|join|take|enrol\w*|daftar|masuk|ikut|sertai|register|sign up)"
)
# Asking to join, with nothing else to join named: "can I enrol?", "is she eligible to join?"
JOIN_ASKED = (
    rf"(?:{MAY_I_JOIN}|(?:am i|is (?:she|he)|are (?:we|they)) (?:\S+ )?(?:eligible|allowed)"
    r"(?: to (?:join|enrol\w*|register|apply|sign up|take (?:one|part)))?|layak)"
    r"\s*(?:(?:it|this|one|a (?:micro-?credential|course)|(?:the |a |any )?(?:micro-?credentials?"
    r"|courses?|kursus|mikro-?kredensial|kelas))\s*)?(?:ke|tak|x|juga|jugak|too|also)?\s*(?:[?.!]|$)"
)
# A residence status a foreigner mentions, which is no other subject.
RESIDENCE = (
    r"work permits?|permit kerja|(?:spouse|student|work|employment|dependant|tourist) (?:visa|pass)"
    r"|visas?|pas (?:pelajar|kerja|penggajian|tanggungan)|permanent resident|pr|passports?|pasport"
)
# Saying they are not Malaysian: a status, no other subject ("open to non-Malaysian tak? sy
# pegang passport Filipina").
NOT_MALAYSIAN = r"non[- ]?malaysians?|foreigners?|warga asing|orang asing|bukan warganegara"
GENERAL = rf"micro-?credentials?|mikro-?kredensial|microcredentials?|micro credentials?|mc|mcs|{_GENERALLY}|all|semua"
# "can't spend more than RM550": a bound from above, not below.
CANNOT_EXCEED = (
    r"(?:can'?t|cannot|can not|won'?t|not able to|tak (?:boleh|mampu)|x (?:boleh|mampu)|tidak (?:boleh|mampu))"
    r" (?:\S+ )?(?:spend|pay|afford|bayar|belanja|go)\s*$"
)
# "MQF level 7", "tahap 6": a credential's level.
MQF_LEVEL = r"(?:mqf )?(?:level|tahap|lvl) ?([1-8])\b|mqf ?([1-8])\b"
# Micro-credentials as a kind: "do all micro-credentials carry credits, or only some?"
ALL_OF_THEM = (
    r"(?:do|are|can|will|does) (?:all|every|each)|all (?:of )?(?:the |these |those )?(?:micro-?credentials|mcs|courses)"
    r"|semua (?:mikro-?kredensial|kredensial mikro|kursus)|every (?:micro-?credential|course)|only some|sesetengah"
)
# Asking to be shown courses, in so many words.
SHOW_ME = r"show me|show us|list (?:all|me|the|of|them|courses|kursus|semua)|senaraikan|tunjuk\w*"
# "how do I ...": asking how to do something, not for a course.
HOW_TO = (
    r"(?<!learn )(?<!know )(?<!belajar )(?<!tahu )(?<!tau )"
    r"(?:how (?:do|can|to|would|should)|macam ?mana|mcm ?mana|camne|cemana|bagaimana)"
)
# What a provider offers ("what does MDSI offer?", "kursus apa yang ditawarkan oleh IKIN?").
PROVIDER_OFFERS = (
    r"offers?|offered|offering|provides?|provided|runs?|has|have|got|teach(?:es)?"
    r"|tawar\w*|ditawarkan|menawarkan|sediakan|disediakan|ada"
)
WHAT_COURSES = (
    r"what|which|any|list|apa|apakah|mana|senarai\w*|courses|kursus"
    r"|micro-?credentials|mikro-?kredensial"
)
# A request for courses in words ("anything below RM520?", "what can I take?", "show me ...").
LIST_REQUEST = (
    SHOW_ME + r"|find|search|recommend"
    r"|suggest|what can i (?:take|do|join|study|finish)"
    r"|options\??$|(?:any|what|which) (?:other )?options|apa pilihan|pilihan (?:apa|yang ada|yg ada)"
    r"|(?:anything|something|apa-apa|apa2|sesuatu) (?:\S+ )?(?:i|we|sy|saya) ?(?:can|could|boleh|blh|bole) "
    r"(?:take|do|join|study|finish|complete|ambil|amik|buat|siapkan|habiskan|habis)"
    r"|anything(?= (?:on|in|for|below|under|cheaper|shorter|online|related|useful|taught|not|that|with|from|by|at|about|to (?:do with|help|get|improve|learn|make|build|become|manage)))"
    r"|any (?:\S+ ){1,3}(?:courses?|kursus|classes|micro-?credentials?|training|trainings|latihan)"
    r"|(?:cari|carikan|looking for) (?:a |an |some |\S+ )?(?:kursus|courses?|training|latihan)"
    r"|terdapat (?:\S+ )?(?:kursus|course|courses|latihan)|kursus berkaitan"
    r"|(?:nak|mahu|want) (?:a |an |some )?(?:kursus|courses?|training|latihan)(?: \S+)? (?:yg|yang|that|which|with|about|on)"
    r"|(?:kursus|course|courses) (?:\S+ ){1,3}ada\b"
    r"|what do (?:you|u|they|korang) (?:have|offer|got)|what have you got|apa yang ada|apa (?:kursus )?yang korang ada"
    r"|anything\??$|which (?:courses?|ones?|micro-?credentials?|credentials?|kursus)|what (?:else|other)(?! (?:types?|kinds?))"
    r"|(?:which|what) (?!(?:is|are|makes?|does|do|exactly|micro|mikro|kind|type|sort)\b)(?:\S+ ){1,3}(?:courses|micro-?credentials|mikro-?kredensial|credentials|ones)"
    r"|ada (?:course|kursus|apa)|ada (?:tak|x|ke) (?:course|kursus)|(?:ada|ke) ada\??$|ada\??$|ada tak\??$|ada ke\??$|only the ones?|the ones? (?:under|below|that|with)"
    r"|what (?:course|kursus|class)|(?:course|kursus) (?:can help|boleh bantu|that (?:teaches|covers|can|will)|yang sesuai|to take|nak ambil|untuk|for)"
    r"|you have|you guys have|got any|have any|are there any (?:courses?|ones?)"
    r"|(?:is there|do you (?:have|offer)) (?:a|an|any)(?! (?:age|limit|fee|cost|requirement|minimum|maximum))(?: \S+){0,3} (?:courses?|classes|kursus|micro-?credentials?)(?! (?:fees?|hours?))"
    r"|(?:is there|are there|do you (?:have|offer)) (?:\S+ ){0,2}(?:training|trainings|latihan)"
    r"|any (?:courses?|classes|programmes?|ones?|micro-?credentials?)|which ones|which courses"
    r"|what courses|cari(?! (?:kerja|job|makan|rumah|duit|pasangan))|senarai\w*|tunjuk\w*|ada tak kursus|ada kursus"
    r"|ada x kursus|apa kursus|kursus apa|cadang\w*|mana kursus|nak belajar|i want to learn"
    r"|(?<!not )interested in|(?<!tak )(?<!tidak )(?<!x )berminat|(?<!tak )(?<!tidak )(?<!x )minat|courses? (?:on|about|for)|kursus (?:tentang|untuk|pasal)"
)
# ... and words that may ask for courses or about micro-credentials in general ("is blended
# mode available?", "do you offer online classes?"): a search unless the NLU is sure of an FAQ.
SEARCH_WORDS = (
    LIST_REQUEST
    + r"|something|do you (?:have|offer)|options|available|on offer|tawar\w*|courses? in"
)
LEAVE = r"cancel|stop|never ?mind|forget it|quit|exit|batal|tak apa|takpe|tak jadi|lupakan"
# Subjects near the FAQ's words that are not micro-credentials, whatever else the message says.
NEAR_TOPIC = (
    r"army|tentera|military|askar|polis|police|navy|tldm|tudm|driving|lesen (?:memandu|kereta|motor)|memandu"
    r"|pdrm|constables?|konstabel|bomba|firefighters?|gym|treadmill"
    r"|tax relief|pelepasan cukai|e-?filing|lhdn|income tax|cukai pendapatan"
    r"|blue tick|centang biru|verified badge|kad oku|oku card|kad pengenalan|identity card"
    r"|tuisyen|tuition cent\w*|pusat tuisyen|home tutor|graduate from|to graduate|nak grad|bergraduat"
    # a pass's or a visa's validity, not a micro-credential's duration
    r"|(?:pas|pass|visa|permit) (?:\S+ ){0,3}(?:tempoh sah|validity|valid for|expir\w*|tamat tempoh)"
    r"|(?:tempoh sah|validity) (?:\S+ ){0,3}(?:pas|pass|visa|permit)"
    r"|ptptn|loan|pinjaman|credit scores?|credit cards?|kad kredit|ctos|ccris|bank account|banking"
    r"|visa|passport|pasport|work permit|permit kerja|marriage|kahwin|vote|mengundi|duit pencen|wang pencen|skim pencen|pension (?:fund|scheme|payout|money)"
    r"|epf|kwsp|hajj|haji|umrah|insurance premium|beli rumah|buy a house|housing loan|games?"
    r"|gaming|mobile legends|pubg|roblox|minecraft|genshin|fortnite|steam|pengakap|scouts?"
    r"|girl guides?|pandu puteri|kadet|cadets?|weather|cuaca|election|pilihan raya|pru"
    r"|akaun bank|asb|asnb|access badge|employee badge|staff badge|id badge|pas pekerja|clash of clans|unlock"
    r"|cheap hotel|hotel (?:in|di|kat)|book(?:ing)? (?:a )?(?:hotel|room)|tempat makan|makan best"
    r"|demam|fever|headache|sakit kepala|back hurts|sakit belakang|ubat"
    # another qualification's recognition or credits, not a micro-credential's
    r"|(?:foreign|overseas|luar negara) (?:degree|diploma|qualifications?)|(?:ijazah|diploma|sijil) luar negara"
    r"|(?:credits?|kredit) (?:\S+ ){0,2}(?:from|dari|daripada) (?:my |the |saya )?(?:\S+ )?(?:a-levels?|stpm|matriculation|matrikulasi|asasi|foundation|diploma|degree|ijazah)"
    # a child's school or kindergarten, school exams, religious classes, theme parks
    r"|(?:tadika|kindergarten|taska|nursery|preschool|sekolah|school) (?:\S+ )?(?:anak|my (?:son|daughter|kid|child))"
    r"|savings account|akaun simpanan|discord|minecraft server"
    r"|(?:anak|son|daughter|kid|child)(?:'s)? (?:\S+ )?(?:tadika|kindergarten|taska|nursery|school|sekolah)"
    r"|upsr|pt3|mengaji|al-?quran|quran|tajwid|roller ?coasters?|theme parks?|taman tema"
    r"|renang|swimming|kolam renang|kolam awam|swimming pool"
    r"|(?:mykad|ic|identity card|kad pengenalan) (?:replacement|renewal|gantian|baru|hilang)|ganti (?:mykad|ic)"
    r"|car insurance|insurans kereta|road tax|cukai jalan|renew\w* (?:my )?(?:car|insurance|road tax)"
    r"|prepaid|top ?up|topup|reload|kredit (?:telefon|phone|prepaid)|phone credit"
    r"|(?:my|saya|sy) (?:\S+ )?(?:diploma|degree|ijazah|spm|stpm) (?:\S+ ){0,2}(?:recogni[sz]ed|diiktiraf|valid|sah|accepted)"
    # employment law and terms
    r"|akta kerja|employment act|labour law|undang-undang buruh|working hours|jam kerja maksimum"
    r"|probation\w*|tempoh percubaan"
)
# Subjects near the FAQ's words that are not micro-credentials, unless the message is about
# enrolling in one ("budak sekolah blh join x?" is about a micro-credential's age limit).
NEAR_TOPIC_UNLESS_ENROLLING = (
    r"bachelor'?s?|master'?s|masters|master of|mba|phd|doctorate|undergraduate|postgraduate|ijazah sarjana"
    r"|sarjana muda|(?:full|whole|a|the) (?:degree|diploma)|degree programme|diploma programme"
    r"|(?:diploma|degree|ijazah) (?:in|of|dalam) \w+|how many years|berapa tahun (?:nak |untuk )?(?:habis|siap|tamat)"
    r"|school|sekolah|spm exam|university (?:fee|fees|tuition)|yuran universiti|matriculation"
    r"|(?:polytechnic|university|college|politeknik|universiti|kolej) (?:diploma|degree|ijazah)"
    r"|public universit\w*|universiti awam|medicine|perubatan|medical degree"
    r"|matrikulasi|stpm|a-levels?|asasi|foundation programme|spm certificate|sijil spm|kolej swasta|private college|private universit\w*|form [1-6]|tingkatan [1-6]|darjah \S+"
    r"|(?:yuran|fees?|kos|cost|tuition) (?:\S+ ){0,2}(?:diploma|degree|ijazah|sarjana|pengajian)"
)
# Asking what it takes to join, or to use one towards an award: "do I need a degree or diploma
# before signing up?" is about a micro-credential's entry requirements, not about a degree.
ENTRY_ASKED = (
    r"sign(?:ed|ing)? up|(?:need\w*|perlu|kena|have to|must) (?:\S+ ){0,4}(?:first|dulu|before)"
)
# Words of a message about taking part in a course or about these courses ("blh ikut x?", "am I
# eligible?", "one of these"): with an FAQ topic's meaning, such a message is not off topic.
TAKING_PART = (
    r"micro\S*|mikro\S*|mc|mcs|these|this|ni|ini|one of (?:these|them)|one course|a course|the course"
    r"|kursus|courses?|join|ikut|masuk|daftar|dftr|register|enrol\w*|sertai|amik|ambil|take|sign up"
    r"|eligible|layak|upskill\w*|kemahiran|blh|boleh|can i|can he|can she|can my|may i|am i|is it|dia"
    r"|which one|of them|them|those|skills?"
)
# Words that say the message is about micro-credentials after all.
MICRO = (
    r"micro\S*|mikro\S*|mc|kursus ni|course ni|these courses|your courses|kursus korang"
    r"|join|enrol\w*|daftar|sertai|masuk|layak|qualif\w*|eligible|sign up|register|credits?|kredit"
    r"|upskill\w*|reskill\w*|counts? towards?|count toward|dikira"
    r"|(?:do|take|join|attend|ambil|ikut) (?:the |a |this |that )?(?:\S+ ){0,4}(?:course|kursus)"
)
# Just before a catalogue keyword, words that make it the learner's own background ("my
# bachelor's is in accounting", "saya guru tadika", "I work in a hotel"), not a credential's name.
# What they are not good at: "I'm not good with computers", "sy x reti guna komputer".
WEAK_AT = (
    r"not (?:very |so |that )?good (?:with|at)|bad (?:with|at)|weak (?:in|at)"
    r"|(?:tak|x|tidak|kurang) (?:pandai|reti|mahir|biasa)(?: dengan| guna)?"
)
BACKGROUND_BEFORE = (
    r"(?:is|was|are) in|background in|(?:degree|bachelor'?s|diploma|master'?s|major\w*) in"
    r"|work(?:ing|s)? (?:in|as|at)|kerja(?:ya)? (?:sebagai|di|dalam)|bidang|jurusan|guru|cikgu"
    r"|teacher|lecturer|pensyarah|i'?m an?|i am an?|saya seorang|sy seorang"
    r"|(?:run|own|manage|have) (?:an?|my|our)|(?:ada|buka) (?:sebuah|satu)"
    rf"|{WEAK_AT}"
)
# Beside a keyword, words that make it a credential's name ("the accounting course", "kursus
# tadika tu"); a long message without them uses the word for something else ("I'm here on a
# work permit" is no mention of the confined-space course's permits).
NAMES_A_COURSE = (
    r"courses?|kursus|class|kelas|modules?|modul|one|ones|tu|itu|ni|ini|sijil|certificate"
    r"|training|trainings|latihan|workshop|bengkel"
    r"|micro-?credentials?|mikro-?kredensial\w*|dia|it"
)
# Words that name micro-credentials or taking one outright: a loan or a work permit mentioned
# on the way does not make such a message off topic.
MICRO_EXPLICIT = (
    r"micro\S*|mikro\S*|mc|mcs|kursus (?:ni|ini|korang|anda)|courses? (?:ni|here)|these courses|your courses"
    r"|(?:take|join|do|enrol in|sign up for|register for) (?:a |the |this |your |one )?(?:course|class)"
    r"|ambil kursus|sertai kursus|daftar kursus"
)
# "not from MDSI", "yang bukan dari KUMJ", "except those by UTB": a provider left out.
NOT_FROM = r"(?:not|aren'?t|isn'?t|bukan|except|excluding|other than|selain|tak nak|x nak|tidak)\s+(?:(?:the\s+)?ones?\s+|those\s+|yang\s+)?(?:(?:run|offered|conducted|taught|given|ditawarkan|dianjurkan)\s+)?(?:(?:from|dari|daripada|by|oleh|at|di)\s+)?(?:the\s+)?"
# "Which universities offer these?": the providers of a list, not of one credential.
PROVIDERS_PLURAL = r"which (?:universit\w*|providers?|institutions?|colleges?)|universities|providers|institutions|penyedia\w*|universiti mana|which (?:unis|universities|colleges)|who offers? (?:these|them|those)"
# A thank-you or goodbye that says nothing more ("ok thanks, that's all").
THANKS_ONLY = r"that'?s all|itu (?:je|sahaja|saja)|bye|jumpa lagi|see you"
# What must be met before an award: the entry requirements, whatever the recognition words.
QUALIFY_FIRST = (
    r"(?:need|must|have to|kena|perlu|wajib) (?:\S+ ){0,3}(?:qualify|meet|memenuhi|penuhi|cukup\w*|lulus)"
    r"(?: \S+){0,4} (?:first|dulu|dahulu|before|beforehand)|(?:entry|minimum) requirements?"
    r"|syarat (?:masuk|kemasukan|minimum)"
)
# Having taken a credential: "I completed ...", "dah habis kursus ...".
DONE_IT = (
    r"completed|finished|done|did|took|taken|passed|graduated from"
    r"|(?:dah|sudah|telah|pernah) (?:habis|tamat|selesai|lulus|ambil|amik|siap)\w*"
)
# Asking which type of micro-credential suits them.
WHICH_TYPE = (
    r"(?:which|what|how many) (?:types?|kinds?)|jenis (?:apa|mana)|berapa jenis"
    r"|(?:type|jenis) (?:yang|yg) (?:mana|sesuai)"
)
# One course described by its subject: "the solar PV course", "kursus halal tu".
ONE_COURSE = (
    r"the (?:\S+ ){1,4}(?:course|class|programme|one)(?! (?:or|and))"
    r"|(?:kursus|course) (?:\S+ ){1,4}(?:tu|itu)"
)
# A superlative asking for the one best credential, not an ordered list.
ONE_BEST = r"(?:the )?(?:cheapest|shortest|longest|most expensive|priciest)|paling|ter\w+|which (?:one|course|of the \w+)? ?is|yang mana|what'?s the|what is the|apa yang paling|which one|mana satu|cheaper|pricier|longer|shorter|lebih"
# Asking to compare credentials.
COMPARE = r"compare|comparison|banding\w*|beza\w*|perbezaan|difference|differ|vs\.?|versus"
# English names of the kinds of provider, as the catalogue's Malay names spell them.
# "the Malay one": the words of a language of instruction, as the catalogue names it.
LANGUAGE_NAMES = {"malay": "melayu", "bm": "melayu", "inggeris": "english", "bi": "english"}
PROVIDER_KINDS = {
    "polytechnic": "politeknik",
    "university": "universiti",
    "university college": "kolej universiti",
    "college": "kolej",
    "institute": "institut",
}
# "Does it carry credits?": the credits and level of the credential in focus.
CREDITS_QUESTION = (
    r"how many credits|berapa (?:banyak )?kredit|(?:credits?|kredit) (?:brapa|berapa)"
    r"|(?:ada|any|has|have|carry|carries|got|berapa|how many|dapat|give|gives|award|awards|bagi|beri)"
    r" (?:\S+ )?(?:credits?|kredit)(?: (?:ke|tak|x|tidak|or not|does it carry|does it have|dia))?"
    r"(?:\?? ?(?:and )?(?:how many|berapa|brp)(?: (?:credits?|kredit))?)?\??$"
)
# "What language is it taught in?": the delivery mode and language of the one in focus.
LANGUAGE_QUESTION = r"what language|which language|bahasa apa|dalam bahasa apa|(?:in )?(?:english|bm|melayu|malay|inggeris) (?:or|ke|atau) (?:english|bm|melayu|malay|inggeris)|medium of instruction|bahasa pengantar"
# Where a credential is taught: its provider and the provider's state.
WHERE_HELD = (
    r"where (?:is|are|will) (?:it|they|the (?:course|class\w*))(?: be)? (?:held|located|run|taught|conducted|based)"
    r"|where is it|where ah|kat mana (?:dia|kelas|tempat|dibuat|buat)|di mana (?:dia|kelas|tempat|diadakan)|(?:dia )?buat kat mana|lokasi|location"
)
# "Who runs it?": the provider.
WHO_DOES = (
    r"who (?:offers|runs|teaches|organi[sz]es|issues|awards|provides|gives out)"
    r"|siapa (?:yang |yg )?(?:keluarkan|mengeluarkan|anugerahkan|menganugerahkan|issue|bagi|beri)"
    r"|(?:dikeluarkan|dianugerahkan|diberi|ditawarkan|issued|awarded|given) (?:oleh|by) (?:siapa|who|whom)"
)
WHO_RUNS = (
    WHO_DOES + r"|siapa (?:yang |yg )?(?:offer|run|tawar\w*|anjur\w*|kendali\w*|ajar|mengajar|buat)"
)
# How a credential is delivered, asked of it ("blh buat dr rumah?", "kena dtg kelas ke?").
MODE_ASKED = (
    r"online|in[- ]person|face[- ]to[- ]face|bersemuka|dalam talian|got class|ada kelas"
    r"|kelas fizikal|physical class|on campus|kena pergi|kena datang|kena dtg"
    r"|(?:from|dari|dr|kat|di) rumah|from home|(?:datang|dtg|pergi|masuk) kelas|attend class\w*"
)
# Words that ask about one attribute of a credential, beside the intent the NLU gives.
ATTRIBUTE_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"credit-bearing ke|standalone ke|is it credit-bearing|is it standalone|jenis apa|what type"
        r"|(?:under |in |to |towards )?which (?:diploma|degree|programme|program)|(?:diploma|ijazah|program) apa"
        r"|part of (?:any|which|an?|the) (?:\S+ )?(?:degree|diploma|programme|program)|bawah program",
        "type",
    ),
    (r"assess\w*|penilaian|dinilai|exam\w*|peperiksaan|quiz|kuiz|graded", "assessment"),
    (
        r"what (?:will|would|do|does|can) (?:i|we|you|they|one|participants?|learners?) (?:\S+ )?(?:learn|be taught|study|cover|get out of it)|what do (?:you|i|we) learn|learning outcomes|apa (?:yang )?(?:saya |sy )?(?:akan )?belajar|what does it (?:teach|cover)|topics covered"
        r"|(?:does|do|will) (?:it|they|the course) (?:cover|include|teach|go into)|(?:ada )?(?:belajar|ajar) (?:pasal|tentang|mengenai)|diajar",
        "learning_outcomes",
    ),
    (
        rf"{WHO_RUNS}|offered by|ditawarkan oleh|which (?:university|provider|institution) (?:offers|runs)|{WHERE_HELD}",
        "provider",
    ),
    (r"how much|berapa yuran|yuran|fee|fees|cost|kos|harga|price|mahal|murah", "fee"),
    (
        r"how long|how many hours|berapa lama|berapa jam|lama x|lama tak|lama ke|duration|tempoh|hours|jam|hari",
        "duration",
    ),
    (
        r"self[- ]?paced|ikut masa sendiri|kadar sendiri|intake|ambilan|bila mula|when (?:does it|do they) start|start date"
        r"|bila (?:blh|boleh|bole|leh) (?:mula|start|daftar)|when can (?:i|we) (?:start|begin|join)",
        "intake",
    ),
    (
        r"prerequisite|pre-requisite|perlu pengalaman|need (?:any )?experience|entry requirements?|syarat kemasukan|kena tahu",
        "entry_requirements",
    ),
    (MODE_ASKED, "delivery_mode"),
)
# A second thing asked of the same credential in one message ("who runs it, and is it online?",
# "how much is it and how many hours?"): stricter words than ATTRIBUTE_WORDS, since the first
# is already known.
ALSO_ASKED: tuple[tuple[str, str], ...] = (
    (r"how much|berapa yuran|brp yuran|yuran|fees?|cost|kos|harga|price|berapa ringgit", "fee"),
    (
        r"how long|how many hours|berapa lama|brp lama|berapa jam|brp jam|duration|tempoh",
        "duration",
    ),
    (MODE_ASKED, "delivery_mode"),
    (rf"{WHO_RUNS}|{WHERE_HELD}", "provider"),
)
# What only a credential has, asked of the one in focus whatever FAQ topic the words are near.
CREDENTIAL_ONLY_WORDS: tuple[tuple[str, str], ...] = (
    *(
        row
        for name in ("assessment", "intake", "learning_outcomes")
        for row in ATTRIBUTE_WORDS
        if row[1] == name
    ),
    (
        rf"{WHO_DOES} (?:it|this|that)|siapa (?:yang )?(?:anjur|tawar|ajar)\w*",
        "provider",
    ),
    (r"mqf|tahap mqf|mqf level|how many credits|berapa (?:banyak )?kredit", "credits"),
    (
        r"laptop|komputer|computer|windows|macbook|software|perisian|(?:bring|bawa) (?:apa|anything|\S+ )?"
        r"|equipment|peralatan|what do i need to bring|kena bawa"
        # "sesuai utk beginner x? kena ada asas apa2 dulu?"
        r"|prerequisites?|prior knowledge|(?:for|suitable for|okay for|ok for) (?:a )?(?:beginners?|newbies?|complete beginners?)"
        r"|(?:untuk|utk) (?:beginner|pemula|orang baru)|(?:kena|perlu) ada asas|asas apa|pengetahuan asas",
        "entry_requirements",
    ),
)
# A range of hours: "between 30 and 50 hours".
BETWEEN_FEES = r"(?:between|antara|from|dari)\s+(?:rm\s*)?(\d{3,4})\s*(?:and|to|-|–|dan|hingga|sampai)\s*(?:rm\s*)?(\d{3,4})(?!\s*(?:h|hrs?|hours?|jam))"
AT_MOST_HOURS = (
    r"(\d{1,3})\s*(?:h|hrs?|hours?|jam)\s+(?:or less|or fewer|and below|atau kurang|ke bawah)"
)
BETWEEN_HOURS = r"(?:between|antara|from|dari)\s+(\d{1,3})\s*(?:and|to|-|–|dan|hingga|sampai)\s*(\d{1,3})\s*(?:h|hrs?|hours?|jam)"
# Words each FAQ topic's questions use; an FAQ answer to a message with none of them (and no
# word for micro-credentials) is a guess of the NLU ("what's the weather this weekend?").
TOPIC_CUES = {
    "faq/definition": r"like|same as|sama macam|macam|similar|confus|keliru|what|apa|maksud|meaning|mean|define|definition|explain|terang|erti|definisi|is it|ialah|adalah",
    "faq/badge": r"anugerah|dianugerah|menamatkan|tamatkan|badge|lencana|cert\w*|sijil|get|dapat|receive|terima|award\w*|complete\w*|finish\w*|habis|tamat|lulus|pass\w*|proof|bukti",
    "faq/types": r"types?|jenis|kinds?|standalone|stand-alone|credit-bearing|credit bearing|berdiri sendiri|bawa kredit|difference|beza|category|kategori",
    "faq/value": r"kelebihan|untung|advantage|faedah|worth|value|valuable|benefit\w*|berbaloi|faedah|manfaat|guna|use|useful|why|kenapa|mengapa|employer\w*|majikan|career|kerjaya|job|kerja|help|bantu|recogni\w*|iktiraf",
    "faq/entry_requirements": r"requirement\w*|syarat|qualif\w*|kelayakan|layak|eligible|need|perlu|kena|spm|stpm|certificate|sijil|school|sekolah|degree|diploma|background|latar|prerequisite|enrol\w*|join|masuk|daftar|sign up|register|accept\w*|terima",
    "faq/delivery_mode": r"mod\b|penyampaian|deliver|taught|zoom|teams|video|online|dalam talian|atas talian|face|bersemuka|campus|kampus|class\w*|kelas|blended|campuran|teradun|physical\w*|fizikal|person|mode|remote|virtual|home|rumah|attend|hadir|where|mana|conventional|konvensional|hybrid",
    "faq/age": r"age|umur|old|tua|young|muda|years?|tahun|budak|kids?|child\w*|teen\w*|retire\w*|pesara|pencen|senior|warga emas|\d{2}s?|limit|had",
    "faq/nationality": rf"{COUNTRIES}|{DEMONYMS}|eligib|allowed|non-|malaysian\w*|malaysia|warganegara|rakyat|citizen\w*|foreign\w*|asing|international|antarabangsa|nationalit\w*|country|negara|expat\w*|local|tempatan|non-|bukan|pr|permanent resident|visa",
    "faq/recognition": r"credit\w*|kredit|recogni\w*|iktiraf|transfer|pindah|apel|degree|diploma|ijazah|bachelor|master|count\w*|kira|programme|program|academic|akademik|universit\w*|hep|ipt|study|sambung|further",
    "faq/fee": r"rm|fee\w*|yuran|cost\w*|kos|price\w*|harga|pay\w*|bayar|much|berapa|rm|ringgit|mahal|murah|expensive|cheap\w*|afford\w*|budget|bajet|money|duit|wang|free|percuma|charge\w*|set (?:me|you) back",
    "faq/duration": r"long|lama|hours?|jam|days?|hari|weeks?|minggu|months?|bulan|duration|tempoh|time|masa|finish\w*|complete\w*|siap|habis|tamat|quick\w*|cepat|fast|short\w*|singkat|length|panjang|maximum|minimum",
}
# The learner asks what a micro-credential is (not what it costs, how long it takes...).
ASKS_MEANING = r"maksud\w*|meaning|means?|define|definition|refers? to|merujuk"
# A question that asks for a reason or a meaning, never for a list ("why bother?").
ASKS_NO_LIST = (
    rf"{ASKS_MEANING}|why|kenapa|mengapa|what'?s the point"
    r"|(?:what|which) other (?:types?|kinds?)|(?:jenis|type) (?:lain|apa lagi)"
)
DEFINITION_ASKED = (
    rf"{ASKS_MEANING}|explain|terangkan|jelaskan|same as|similar to|basically|essentially|exactly"
    r"|sejenis|kind of|sort of|type of|form of|certif(?:y|ies)|(?:ni|tu) apa"
    r"|(?:macam|mcm|like) (?:a |an )?(?:short |mini )?(?:course|kursus|sijil|diploma|degree|certificate)"
    r"|sama (?:ke |tak |x )?(?:dengan|dgn|macam|mcm|je)|is it (?:just |only )?(?:a|an|like)"
    r"|what (?:exactly )?(?:is|are) (?:an? |these |this |the )?(?:micro|mikro|mc\b)"
    r"|apa (?:itu|tu|sebenarnya|bendanya|benda)|apakah (?:itu )?(?:mikro|micro)"
)
# "Which can't I join?": the credentials closed to the learner, not the ones open.
CANNOT_JOIN = r"can'?t i|cannot|can not|not allowed|too young|tak boleh|x boleh|tak dapat|tertutup|closed to|not open|tak terbuka|tidak terbuka|restricted|which can'?t|tak layak|not eligible"
# Where a near-topic word only tells the learner's past ("retired from the army").
PAST_CONTEXT = (
    r"(?:(?:from|dari|bekas|former|ex-|retired from|pesara) (?:the )?"
    # "sy baru 17 tahun, form 5": who they are, not what they ask about
    r"|\d+ (?:tahun|thn|years? old|yo),? |i'?m in |i am in |still in |masih "
    # "an office manager at a tahfiz school": where they work
    r"|(?:work(?:ing)?|teach(?:ing)?|manager|teacher|staff|clerk|admin|kerja|cikgu|guru|mengajar) (?:at|in|di|kat) (?:a |an |the |sebuah )?(?:\w+ )?)"
)
# Words that make a message a question rather than a statement about the learner's own case.
QUESTION_WORDS = (
    r"what|which|how|why|apa|apakah|bagaimana|macam mana|mengapa|kenapa|difference|beza"
)
# "RM610 ke bawah", "80 hours or less": a bound after the amount.
MONEY_AT_MOST = r"(?:rm|myr)\s*(\d{2,5})\s+(?:ke bawah|and below|or less|atau kurang|max)"
# "kursus yg 120 jam": courses of exactly so many hours.
EXACT_HOURS = r"(?<![<>\d])(\d{1,3})\s*(?:h|hrs?|hours?|jam)\b"
# "which micro-credentials can count towards a diploma?": credit-bearing ones, not advice.
# Asking which credentials: "which ones", "yg mana", "ada kursus … yg …?"
WHICH_ASKED = r"which|what|yg mana|yang mana|mana satu|ada (?:tak |x |ke )?(?:kursus|course)"
WHICH_COUNT = (
    r"(?:which|what|yg mana|yang mana|mana satu|kursus|courses)\b.*\b(?:count|kira|dikira|pindah"
    # "credit-bearing" and "bawa kredit" name a type, not credit counted
    r"|transfer|(?<!bawa )(?<!membawa )kredit(?![ -]bearing)|kreditnya|credit(?![ -]?bearing))"
)

# --------------------------------------------------------------------------- a person
# Asking for a person: "talk to a person", "can I speak to an adviser", "nak cakap dengan orang".
_TALK = (
    r"talk|speak|speek|chat|cakap|bercakap|ckp|berbual|borak|sembang|discuss|bincang|berbincang"
    r"|consult|berunding|hubungi|contact|call|connect|berhubung|meet|jumpa|jmpa|berjumpa|bertemu"
    r"|tanya|tny|ask|message|mesej|msg|transfer|escalate|sambung|sambungkan|hubungkan|pass"
)
# Someone the learner could be put in touch with.
PERSON_WORDS = (
    r"person|people|human|humans|human being|some ?one|somebody|sombody|somone|sumone|adviser|advisor"
    r"|advisers|advisors|counsell?ors?|staff|staff member|staf|officers?|agent|operator|representative"
    r"|orang|org|manusia|pegawai|penasihat|kaunselor|petugas|wakil|admin|your team|seseorang"
    r"|supervisor|manager|penyelia|pengurus|someone in charge|customer (?:service|support|care)"
    r"|live chat|live agent|khidmat pelanggan|support team|help ?desk|pihak (?:tuan|puan|kami|anda)"
    r"|boss|kakitangan"
)
_PERSON = (
    r"(?:a |an |the |one of the |one of your |your |ur |some |any |with (?:a |an |the )?"
    r"|to (?:a |an |the )?|dengan |dgn |ngn |kepada |ke |kat )?(?:ur |your |korang |awak )?"
    r"(?:real |actual |live |human |sebenar |academic |education |course )?"
    rf"(?:{PERSON_WORDS})"
)
_ME = r"(?:me|saya|sy|aku)"
_CALL_ME = r"(?:call|contact|whatsapp|wasap|whatsap|wassap)\s+(?:me|i|sy|saya|aku)"
PERSON_REQUEST = (
    rf"(?:{_TALK})\s+(?:(?:me|sy|saya)\s+)?(?:(?:through\s+)?(?:to|with|w|dengan|dgn|ngn|kepada|ke|kat)\s+)?{_PERSON}(?:\s+(?:sebenar|betul|real))?(?! out)"
    # "discuss my options with a person", "bincang pasal yuran dengan penasihat"
    rf"|(?:{_TALK})(?:\s+\S+){{1,4}}\s+(?:with|dengan|dgn|ngn)\s+{_PERSON}"
    r"|(?:get|give|find|bring|put) (?:me )?(?:through to |to )?(?:a |an |the )?(?:real |actual |live )?(?:human|person|adviser|advisor|agent|staff|someone|somebody)\b(?! (?:who|that|to learn|course))"
    r"|(?:have|get|let) (?:an? |the )?(?:adviser|advisor|someone|somebody|person) (?:to )?(?:call|contact|email|reach) me"
    r"|(?:put|patch|pass) me (?:through|over)|transfer me|escalate (?:this|it|me|my case|kes)"
    r"|pass (?:kat|ke|to) (?:orang|org|someone|staf|staff)|(?:a |an )(?:real|actual|live) (?:person|human)(?! (?:or|ke|kah))"
    # call-backs: "call me back", "give me a call", "panggilan balik", "boleh staf e-mel saya"
    rf"|call ?back|call {_ME} (?:back|balik|semula)|call balik|panggilan (?:balik|semula)|telefon (?:balik|semula)"
    r"|reach out to me|get back to me|get in touch with me|(?:phone|ring|call|contact|email|e-?mail|text|whatsapp) me"
    r"|give (?:me|us) a (?:call|ring|buzz)|(?:video|phone|zoom) call with"
    r"|(?:arrange|book|set up|make|buat) (?:a |an )?(?:call|meeting|appointment|session|slot|temujanji|temu janji) (?:with|dengan|dgn)"
    r"|(?:not|no|bukan) (?:a |the )?bot(?: please| pls| plz)?$|(?:orang|org) (?:sebenar|betul) (?:layan|jawab|bantu|tolong)"
    r"|(?:minta|nak|mahu|want|need) (?:customer (?:service|support)|khidmat pelanggan|supervisor|manager)"
    rf"|{_CALL_ME}|(?:menelefon|telefonkan|emelkan|e-?melkan|whatsappkan|wasapkan)\s+{_ME}"
    rf"|hubungi {_ME}|(?:boleh|dapat|can|could|to|untuk|utk|suruh|minta|tolong|tlg)\s+(?:\w+\s+)?(?:e-?mel|emel|email|whatsapp|wasap|call|telefon|hubungi) {_ME}"
    rf"|(?:{PERSON_WORDS})\s+(?:boleh\s+)?(?:call|telefon|hubungi|e-?mel|emel) {_ME}"
    r"|(?:minta|nak|mahu|want|need)\s+(?:an? )?(?:adviser|advisor|penasihat|pegawai|human|manusia|kaunselor|counsell?or)"
    r"|(?:want|need|nak|mahu|prefer) (?:a |an |to talk to a )?(?:real|actual|live) (?:person|human|people|orang)"
    # "is there a counsellor I could chat with?", "org betul ada x?"
    rf"|(?:is there|ada)\s+(?:a |an |any )?(?:\w+\s+)?(?:{PERSON_WORDS})\s+(?:i|we|saya|sy)\s+(?:can|could|boleh|blh)"
    r"|(?:orang|org|manusia) (?:betul|sebenar) ada (?:x|tak|tidak|ke)"
    # visiting: "can I visit your office", "datang ke pejabat"
    r"|(?:visit|drop by|come to|come by) (?:your|ur) (?:office|counter)|(?:datang|pergi|singgah) (?:ke |kat )?(?:pejabat|ofis|office)|walk[- ]in"
    # "let a human handle this", "nak orang betul jawab"
    r"|(?:let|nak|mahu|want|need|prefer|bagi|biar) (?:a |an )?(?:real |actual )?(?:human|person|orang betul|orang sebenar|manusia|adviser|advisor|staff|staf) (?:to )?(?:handle|answer|jawab|reply|balas|help|bantu|deal)"
    # the whole message: "human pls", "agent", "manusia je"
    r"|^(?:(?:a|an|the) )?(?:real |live |actual )?(?:human|agent|manusia|person|operator|orang betul|orang sebenar|live agent|human agent|live chat|customer service|staff|staf|admin|adviser|advisor|penasihat)(?: (?:please|pls|plz|tolong|je|sahaja|now|sekarang))?$"
)
# "Does the instructor contact me?", "will someone call me after I register?": how things go.
HOW_IT_GOES = r"(?:does|will|would|do|did|is|are) (?:the |my |an? |your |any ?one |some ?one )?(?:\w+ )?(?:contact|call|email|phone|text|whatsapp)(?:ing)? (?:me|us)"
# "Is it suitable for admin staff?", "contact at KUMJ": people named, but not asked for.
PERSON_NOT_ASKED = (
    r"suitable for|sesuai (?:untuk|utk|bagi)|for (?:\w+ )?(?:staff|officers?|people|counsell?ors?|agents?)"
    r"|(?:untuk|utk|bagi) (?:\w+ )?(?:staf|pegawai|orang|kaunselor)|(?:contact|hubungi) (?:\w+ )?(?:at|di) "
    # who the learner is: "I'm an HR manager", "sy staf hotel"
    rf"|(?:i'?m|i am|im|saya|sy|aku|we are|kami|my|our)\s+(?:a |an |the )?(?:\w+\s+)?(?:{PERSON_WORDS})"
    r"|[a-z]{2,4}-\d{2,4}"  # a credential's code: a question about that course
)
# "Am I talking to a real person?" asks what the assistant is (chitchat), not for a person.
ASKS_IF_BOT = (
    r"(?:orang|manusia) (?:betul|sebenar) (?:ke|kah)|am i (?:talking|speaking|chatting)"
    r"|are you (?:a |an )?(?:real|human|person|robot|bot|machine)|is (?:this|it) (?:a )?(?:real|bot|human|robot)"
    r"|(?:is there|r u|are u|are you) (?:a )?(?:real|actual) (?:person|human)(?! (?:i|we|saya|sy) )"
)
# A typed verdict on the last answer: "that didn't help", "jawapan tu salah".
DISAPPROVAL = (
    r"(?:did ?n'?t|does ?n'?t|did not|does not|not|tak|tidak|x|langsung tak) (?:help|helpful|useful|membantu|berguna)"
    r"|wrong answer|(?:that|this|the|your) answer (?:is|was) (?:wrong|incorrect|useless)|that'?s (?:wrong|incorrect)|(?:that|this) is (?:wrong|incorrect)"
    r"|useless(?: answer)?|salah jawapan|jawapan (?:tu |ni |ini |itu |awak |kamu )?(?:salah|tak betul|tidak betul|tak membantu)"
    r"|not what i (?:asked|meant)|bukan (?:itu|tu|ini|ni) yang (?:saya|sy|aku) (?:tanya|maksudkan)"
    r"|(?:you )?did ?n'?t answer(?: my question)?|(?:awak|kamu|anda) tak jawab(?: soalan (?:saya|sy|aku))?|tak guna(?: langsung)?(?: jawapan (?:ni|ini|tu))?"
)
