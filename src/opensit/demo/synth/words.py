"""Words for synthetic texts, drawn with a Zipf-like law: a few hundred common words, then a
long tail of made-up words, so that full-text search meets realistic term frequencies."""

import random
from itertools import accumulate


def split_words(text: str) -> list[str]:
    """Word lists are written as plain text, one space or line break between words."""
    return text.split()


FRENCH = split_words(
    """
de la le et les des à un une en du pour au dans sur avec par est vous son sa ses qui ce
nous plus est aux entre sont au-dessus vers très tout toute tous cette leur leurs village
château jardin rivière vallée forêt vigne vignoble cave vin fromage marché pays église
chapelle musée maison ferme moulin pont place rue quai port plage lac étang chemin sentier
balade randonnée promenade vélo cheval bateau canoë visite découverte panorama vue
terrasse piscine chambre chambres gîte hôtel camping restaurant cuisine table produits
terroir saison été printemps automne hiver soir matin journée week-end famille enfants
groupes animaux accueil calme charme authentique ancien ancienne nouveau historique
médiéval renaissance roman gothique classé patrimoine histoire siècle seigneur roi reine
abbaye prieuré donjon remparts tour tours fontaine lavoir paysage nature oiseaux faune
flore arbres chênes prairie colline coteau falaise grotte source bord cœur centre proche
situé située idéal idéale agréable grand grande petit petite belle beau superbe magnifique
spacieux lumineux confortable équipé cuisine salle séjour salon terrain parking accès
gratuit gratuite libre ouvert ouverte horaires réservation tarif tarifs dégustation
spécialités locale local régional artisan artisanat atelier exposition spectacle concert
festival fête marché nocturne traditionnel traditionnelle musique danse théâtre cinéma
conférence stage cours sport pêche baignade escalade golf tennis jeux aire pique-nique
détente bien-être spa sauna massage vélos location circuit boucle étape kilomètres heures
minutes départ arrivée parcours balisé facile difficile dénivelé sommet col montagne mer
océan dune marais estuaire île phare port pêcheurs huîtres cidre miel confitures pain
boulangerie épicerie boutique souvenirs librairie galerie peintres sculpteurs
"""
)

ENGLISH = split_words(
    """
the and of to a in for is on with at by from this that you your its their our are be
village castle garden river valley forest vineyard vines cellar wine cheese market church
chapel museum house farm mill bridge square street quay harbour beach lake pond path trail
walk hike ride bike horse boat canoe visit tour discovery view views terrace pool room
rooms cottage hotel campsite restaurant cooking kitchen table produce local season summer
spring autumn winter evening morning day weekend family children groups pets welcome quiet
charm authentic old ancient new historic medieval renaissance romanesque gothic listed
heritage history century lord king queen abbey priory keep ramparts tower towers fountain
landscape nature birds wildlife trees oaks meadow hill hillside cliff cave spring edge
heart centre near located ideal pleasant large big small little beautiful lovely superb
spacious bright comfortable equipped living lounge grounds parking access free open
opening hours booking price prices tasting specialities regional craftsman crafts workshop
exhibition show concert festival feast night traditional music dance theatre cinema talk
course class sport fishing swimming climbing golf tennis games area picnic relaxation
wellness spa sauna hire circuit loop stage kilometres hours minutes start finish route
waymarked easy hard climb summit pass mountain sea ocean dune marsh estuary island
lighthouse fishermen oysters cider honey jams bread bakery grocery shop gifts bookshop
gallery painters
"""
)

_SYLLABLES_FR = split_words(
    """
ba be bo bri cha che cour dan fon gar jo la lan le lou ma mar mon ne no
"""
)
_SYLLABLES_FR += split_words(
    """
pa pe pi ra re ri ro sa se so ta te ti tou va ve vi ville y ac an ay eux
"""
)
_SYLLABLES_EN = split_words(
    """
ash bar ber bly ca cor dal den fen ford gar ham hol ing kin lan ley
"""
)
_SYLLABLES_EN += split_words(
    """
mar mer mo nor par ra ro sel sham ster ton vale wel win wor ys
"""
)

TAIL_SIZE = 20_000
ZIPF_EXPONENT = 1.15


def _tail(syllables: list[str], size: int, seed: int) -> list[str]:
    """Made-up words, the same for every run: the long tail of a real vocabulary."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


SENTENCES = 10_000


class Vocabulary:
    """A word list with Zipf weights (rank r drawn with probability ~ 1 / r^s), turned once into
    a fixed pool of sentences: a text is a run of consecutive sentences from a random offset,
    which keeps the word law and costs almost nothing per text."""

    def __init__(self, common: list[str], tail: list[str], seed: int) -> None:
        self.words = list(dict.fromkeys(common)) + tail
        weights = (1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(self.words) + 1))
        cum_weights = list(accumulate(weights))
        rng = random.Random(seed)
        self.sentences: list[str] = []
        self.lengths: list[int] = []
        for _ in range(SENTENCES):
            words = rng.choices(self.words, cum_weights=cum_weights, k=rng.randint(6, 18))
            self.sentences.append(words[0].capitalize() + " " + " ".join(words[1:]) + ".")
            self.lengths.append(len(words))

    def text(self, rng: random.Random, n_words: int) -> str:
        """About `n_words` words (whole sentences, at least one)."""
        at = rng.randrange(SENTENCES)
        out, count = [], 0
        while count < n_words:
            out.append(self.sentences[at])
            count += self.lengths[at]
            at = (at + 1) % SENTENCES
        return " ".join(out)


FRENCH_VOCABULARY = Vocabulary(FRENCH, _tail(_SYLLABLES_FR, TAIL_SIZE, 1), 3)
ENGLISH_VOCABULARY = Vocabulary(ENGLISH, _tail(_SYLLABLES_EN, TAIL_SIZE, 2), 4)
