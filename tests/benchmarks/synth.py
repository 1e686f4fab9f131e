"""Synthetic content folders of any size that ``load_content`` accepts.

Articles are shaped like the real ones: front matter with an answer to every comparison question in
``content/comparison.toml``, the seven required sections, about 700 words of body in paragraphs and
lists. Glossary terms are made-up medical-looking words and two-word phrases with plural forms; each
article uses 15 to 25 of them, so the glossary marker finds real work in every section.

Everything comes from a seeded random generator: the same size always gives the same files.
"""

from __future__ import annotations

import itertools
import json
import random
import tomllib
from pathlib import Path

from django.utils.text import slugify

from portal.content import REQUIRED_SECTIONS, Term

ROOT = Path(__file__).resolve().parents[2]
REAL_CONTENT = ROOT / "content"

# 24 x 24 x 20 single words (11,520) plus 16 x 60 two-word phrases: more than 10,000 terms.
PREFIXES = (
    "neuro", "myelo", "radiculo", "spondylo", "lumbo", "sacro", "cervico", "thoraco",
    "osteo", "arthro", "disco", "facet", "cranio", "vertebro", "peri", "epi",
    "endo", "hemi", "para", "intra", "sub", "supra", "dura", "pleuro",
)  # fmt: skip
MIDDLES = (
    "foramin", "lamin", "pedicul", "cost", "fasci", "ligament", "tendin", "synov",
    "capsul", "muscul", "gangli", "plex", "medull", "cortic", "thec", "arachn",
    "menin", "coccyg", "ili", "glute", "pirifor", "scalen", "trapez", "rhomb",
)  # fmt: skip
SUFFIXES = (
    "otomy", "ectomy", "oplasty", "ography", "oscopy", "opathy", "algia", "itis", "oma", "ocyte",
    "ogram", "odesis", "olysis", "orrhaphy", "ostomy", "otripsy", "ectasia", "odynia", "ocele",
    "oblast",
)  # fmt: skip
QUALIFIERS = (
    "lumbar", "sacral", "cervical", "thoracic", "dorsal", "ventral", "lateral", "medial",
    "anterior", "posterior", "epidural", "spinal", "facet", "sensory", "motor", "chronic",
)  # fmt: skip
NOUNS = (
    "block", "ablation", "fusion", "stenosis", "nerve", "root", "joint", "disc", "canal", "cord",
    "injection", "implant", "stimulator", "pump", "brace", "scan", "test", "needle", "catheter",
    "drain", "lesion", "graft", "plate", "screw", "cage", "rod", "spacer", "anchor", "probe",
    "electrode", "ganglion", "plexus", "sheath", "membrane", "tendon", "ligament", "muscle",
    "tissue", "fluid", "bone", "vertebra", "segment", "level", "space", "gap", "tear", "bulge",
    "spur", "cyst", "scar", "flare", "spasm", "cramp", "twitch", "reflex", "signal", "pathway",
    "map", "monitor", "pad",
)  # fmt: skip

PLAIN_NOUNS = (
    "back", "leg", "arm", "hip", "neck", "spine", "body", "skin", "muscles", "nerves", "pain",
    "doctor", "nurse", "surgeon", "care team", "hospital", "clinic", "medicine", "day", "week",
    "appointment", "question", "result", "treatment", "family", "home", "bed", "walk", "work",
)  # fmt: skip
PLAIN_VERBS = (
    "helps", "eases", "checks", "changes", "protects", "supports", "reduces", "treats", "moves",
    "affects", "blocks", "guides", "tests", "improves", "calms",
)  # fmt: skip
PLAIN_WORDS = (
    "often", "usually", "sometimes", "slowly", "gently", "carefully", "after", "before", "during",
    "about", "with", "without", "because", "when", "while", "most", "some", "many", "few", "each",
)  # fmt: skip
SENTENCES = (
    "Your {noun} {verb} the {noun2} {word} {term}.",
    "The {noun} {verb} your {noun2} so you can rest.",
    "Ask your care team how {term} {verb} your {noun}.",
    "{Word} the {noun} {verb} the {noun2}, and this {verb2} the {noun3}.",
    "A {term} {verb} the {noun} {word} a few days.",
    "This is done {word} your {noun} is checked for {term}.",
    "Most people go {noun} the same {noun2}.",
    "The information we have does not say how long the {noun} lasts.",
    "Tell your {noun} if your {noun2} feels worse {word} the {term}.",
    "It {verb} the {noun} and {verb2} the {noun2}.",
    "You may feel some {noun} for a {noun2} or two.",
    "Write down your questions about {term} and bring them to your {noun}.",
)
HEADINGS = {
    "key-points": "Key points",
    "what-it-is": "What {title} is",
    "who-it-is-for": "Who it may help",
    "getting-ready": "Getting ready",
    "how-it-is-done": "How it is done",
    "risks": "What can go wrong",
    "recovery": "How recovery goes",
    "when-to-get-help": "When to get help",
    "what-we-know": "What we know and what we do not",
    "questions": "Questions to ask your care team",
}
# Words per required section, aimed so a body is about 770 words with its Markdown, like the real ones.
SECTION_WORDS = (45, 75, 55, 50, 85, 70, 60, 40, 40, 50)
# What readers have, in their words: the home page groups articles by these.
CONDITIONS = (
    "Long-lasting back pain", "Neck pain", "Tight, stiff muscles", "Leg pain from a nerve",
    "Headaches that start in the neck", "Pain after an injury", "Weak or numb legs",
)  # fmt: skip


def plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "sh", "ch")):
        return word + "es"
    return word + "s"


def make_terms(count: int, seed: int = 1) -> list[Term]:
    """``count`` glossary terms with unique forms; the first n of a larger call are the same."""
    rng = random.Random(seed)
    singles = ["".join(p) for p in itertools.product(PREFIXES, MIDDLES, SUFFIXES)]
    phrases = [f"{q} {n}" for q, n in itertools.product(QUALIFIERS, NOUNS)]
    rng.shuffle(singles)
    rng.shuffle(phrases)
    # About one term in four is a two-word phrase, as in the real glossary.
    candidates: list[str] = []
    single_iter, phrase_iter = iter(singles), iter(phrases)
    for index in itertools.count():
        source = phrase_iter if index % 4 == 3 else single_iter
        name = next(source, None) or next(single_iter, None) or next(phrase_iter, None)
        if name is None or len(candidates) >= count:
            break
        candidates.append(name)
    if len(candidates) < count:
        raise ValueError(f"can make at most {len(candidates)} distinct terms")
    taken: set[str] = set()
    terms = []
    for name in candidates:
        forms = (name, plural(name))
        if any(f in taken for f in forms):
            forms = (name,)
        taken.update(forms)
        definition = " ".join(
            _sentence(rng, name, capital=True) for _ in range(rng.randint(1, 2))
        ).replace(name, "it")
        terms.append(Term(slugify(name), name, definition, tuple(forms[1:])))
    return terms


def _sentence(rng: random.Random, term: str, *, capital: bool = True) -> str:
    nouns = rng.sample(PLAIN_NOUNS, 3)
    verbs = rng.sample(PLAIN_VERBS, 2)
    word = rng.choice(PLAIN_WORDS)
    text = rng.choice(SENTENCES).format(
        noun=nouns[0],
        noun2=nouns[1],
        noun3=nouns[2],
        verb=verbs[0],
        verb2=verbs[1],
        word=word,
        Word=word.capitalize(),
        term=term,
    )
    return text[0].upper() + text[1:] if capital else text


def _use(rng: random.Random, terms: list[Term]) -> str:
    term = rng.choice(terms)
    return rng.choice(term.forms)


def _paragraph(rng: random.Random, terms: list[Term], words: int) -> tuple[str, int]:
    sentences, count = [], 0
    while count < words:
        text = _sentence(rng, _use(rng, terms))
        sentences.append(text)
        count += len(text.split())
    return " ".join(sentences), count


def section_markdown(rng: random.Random, anchor: str, terms: list[Term], words: int) -> str:
    """Paragraphs and lists, sometimes a sub-heading, adding up to about ``words`` words."""
    blocks, count = [], 0
    if anchor == "key-points":
        while count < words:
            text = _sentence(rng, _use(rng, terms))
            blocks.append(f"- {text}")
            count += len(text.split())
        return "\n".join(blocks)
    while count < words:
        kind = rng.random()
        if kind < 0.2:
            items = [_sentence(rng, _use(rng, terms)) for _ in range(rng.randint(3, 5))]
            marker = "1." if anchor == "how-it-is-done" else "-"
            blocks.append("\n".join(f"{marker} {item}" for item in items))
            count += sum(len(i.split()) for i in items)
        elif kind < 0.25 and blocks:
            blocks.append(f"### {_use(rng, terms).capitalize()} and your {rng.choice(PLAIN_NOUNS)}")
        else:
            text, used = _paragraph(rng, terms, rng.randint(25, 50))
            if rng.random() < 0.2:
                text = text.replace(" your ", " **your** ", 1)
            blocks.append(text)
            count += used
    return "\n\n".join(blocks)


def article_text(index: int, terms: list[Term], questions: list[str], seed: int = 1) -> str:
    rng = random.Random(seed * 1_000_003 + index)
    used = rng.sample(terms, min(len(terms), rng.randint(15, 25)))
    name = used[0].term
    title = f"{name.capitalize()} treatment {index}"
    answers = "\n".join(
        f"{key} = {json.dumps(_paragraph(rng, used, rng.randint(12, 30))[0])}" for key in questions
    )
    sections = "\n\n".join(
        f"## {HEADINGS[anchor].format(title=title.lower())} {{#{anchor}}}\n\n"
        f"{section_markdown(rng, anchor, used, words)}"
        for anchor, words in zip(REQUIRED_SECTIONS, SECTION_WORDS, strict=True)
    )
    summary = f"This page is about {name}, a treatment that {rng.choice(PLAIN_VERBS)} back pain."
    conditions = rng.sample(CONDITIONS, rng.randint(1, 2))
    checks = "".join(
        f"\n[[check]]\nquestion = {json.dumps(f'What does {name} help with, part {n}?')}\n"
        f"answer = {json.dumps(_sentence(rng, _use(rng, used)))}\n"
        for n in range(1, 4)
    )
    return (
        "+++\n"
        f"title = {json.dumps(title)}\n"
        f'slug = "treatment-{index:05d}"\n'
        f"summary = {json.dumps(summary)}\n"
        f"also_called = [{json.dumps(used[1].term)}]\n"
        f'short_code = "T{index}"\n'
        f"conditions = {json.dumps(conditions)}\n"
        f"order = {index}\n"
        "\n[help]\n"
        'urgent = ["A fever, or redness where the needle went in"]\n'
        'emergency = ["Sudden weakness in both legs"]\n'
        f"{checks}"
        "\n[answers]\n"
        f"{answers}\n"
        "+++\n\n"
        f"{sections}\n"
    )


def real_questions() -> list[str]:
    data = tomllib.loads((REAL_CONTENT / "comparison.toml").read_text(encoding="utf-8"))
    return [q["key"] for q in data["question"]]


def glossary_toml(terms: list[Term]) -> str:
    return "\n".join(
        "[[term]]\n"
        f"term = {json.dumps(t.term)}\n"
        f"definition = {json.dumps(t.definition)}\n"
        f"other_forms = {json.dumps(list(t.other_forms))}\n"
        for t in terms
    )


def write_content(folder: Path, articles: int, terms: int) -> Path:
    """Write a content folder with ``articles`` articles and ``terms`` glossary terms."""
    glossary = make_terms(terms)
    questions = real_questions()
    (folder / "procedures").mkdir(parents=True, exist_ok=True)
    (folder / "comparison.toml").write_bytes((REAL_CONTENT / "comparison.toml").read_bytes())
    (folder / "glossary.toml").write_text(glossary_toml(glossary), encoding="utf-8")
    for index in range(1, articles + 1):
        path = folder / "procedures" / f"treatment-{index:05d}.md"
        path.write_text(article_text(index, glossary, questions), encoding="utf-8")
    return folder
