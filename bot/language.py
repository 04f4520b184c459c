"""Tell Bahasa Melayu from English in a short chat message.

Learners write briefly, informally and often mix the two ("brp yuran for online one?"),
so this counts function words and domain words typical of each language, including
Malay SMS spellings. A message with no clear signal ("ok", "RM600?") returns ``None``
so that the conversation keeps the language it already has.

Standard library only: this module also runs inside the Rasa runtime environment.
"""

from __future__ import annotations

import re

ENGLISH = "en"
MALAY = "ms"

_MALAY_WORDS = frozenset(
    """
    ada adakah adalah agak ahli akan aku amat ambik ambil anak apa apakah atau awak
    bagaimana bagi bahasa baik banyak bayar beberapa belajar beli berapa berapakah
    bermula berbayar berbeza bersemuka betul bila bilakah bleh blh boleh bole bukan
    buat brp brapa bape camne cam cuti daftar dalam dan dapat dari daripada dgn dengan
    di dia diberi diiktiraf dlm dorang encik gak guna habis hanya hari harga hendak ini
    itu ialah iktiraf ijazah jam jadi jenis juga kami kamu kan kena kenapa kerja ke
    kita kalau kat kelayakan kemasukan kos kredit kurang kursus lagi lama lencana lepas
    mahu macam mana mengapa mikro mikrokredensial minimum mod mohon mula nak naik nanti
    ni nk ngan orang org pakcik pelajar pelajaran pengajian penyedia perlu pindah pindahan
    pun rakyat saya sahaja sama sampai sangat selepas sebab secara sebelum sekarang
    selamat semua sijil siapa sudah syarat takde tak tanpa tapi tau tempoh tentang
    terima tiada tidak tu tua umur untuk utk wang warga warganegara xde yang yuran
    sy sya boleh2 mcm hai helo terimakasih kasih assalamualaikum salam pagi petang malam
    mikro-kredensial kredensial dalam talian bersemuka campuran konvensional pensijilan
    apel tamat lulus dapatkan berapa lama bape lama
    mahal murah sekolah budak cikgu guru kerja kena perlu dah belum sudah pun lah la je jer
    ni tu kat sini situ mcm camtu camni macamana gimana pasal fasal mana2 apa2 sape siapa
    ke x xde takde tiada ambil ambik habis siap boleh bole blh leh nak nk mau mahu hendak
    yg dgn dlm utk sy kami korang awak hang depa tak tk bukan belajar pelajar sambung
    umur tahun bulan minggu jam hari berapa bayar harga percuma kos mampu ringgit
    program ijazah sarjana muda diploma sijil kelayakan syarat masuk layak lulus gagal
    warganegara rakyat asing luar negara negeri universiti kolej politeknik institut
    talian bersemuka campuran sijil lencana digital bagi dapat beri iktiraf pengiktirafan
    maksud maksudnya erti makna singkatan terangkan jelaskan ye ialah bermaksud
    """.split()
)

_ENGLISH_WORDS = frozenset(
    """
    a about after am an and any are as at be been being but by can cost costs could
    course courses credit credits did do does doing duration enrol enroll entry fee fees
    for from get give got have how i if in into is it join limit long many me much my
    need not of offer offered on online only or other please price requirement
    requirements should so take than thanks thank that the their there these they this
    to too want was we what when where which who why will with would you your yes no
    hello hi hey bye goodbye old age foreigner foreigners allowed
    all also am an back because before best both come could day does done each even
    every few first go going good great had has he her here him his just know last
    like look make may more most must name new next now off one our out over own
    people said same see she some still such sure tell then them those through time
    under up us very way well were what's whats where's who's how's hows wont won't
    can't cant don't dont i'm im i've you're ur u pls plz thx morning afternoon evening
    night later soon explain needed hours week weeks days month months year years
    completion complete completed certificate degree diploma university job work
    meaning means mean meant define definition stand stands explain simple words term
    """.split()
)

# Words both languages use in this domain carry no signal.
_SHARED = frozenset(
    {"online", "blended", "apel", "ok", "okay", "rm", "mqf", "hep", "badge", "digital"}
)

_TOKEN = re.compile(r"[a-zA-Z][a-zA-Z\-']*")


def detect_language(text: str) -> str | None:
    """Return ``"ms"``, ``"en"`` or ``None`` when the message gives no clear signal."""
    tokens = [t.lower().strip("-'") for t in _TOKEN.findall(text or "")]
    malay = sum(1 for t in tokens if t in _MALAY_WORDS and t not in _SHARED)
    english = sum(1 for t in tokens if t in _ENGLISH_WORDS and t not in _SHARED)
    if malay == english:
        return None
    return MALAY if malay > english else ENGLISH
