"""Reads a newsmark spaCy/Prodigy JSONL export the way spaCy does and checks that it is usable.

For each task: rebuild a spaCy Doc from the exported tokens (white space between tokens that is
not a single space becomes spaCy's own white-space tokens, so that doc.text == text), then
`Doc.char_span(start, end, label, alignment_mode="strict")` must succeed for every span and for
both ends of every relation, and `doc.ents` must accept the entity spans. Offsets are code points
(Python str indices). Exit status 0 when every check passes; prints one line per problem.
usage: python3 check_spacy.py FILE.jsonl
"""
import json
import sys

import spacy
from spacy.tokens import Doc


def doc_from_task(nlp, task):
    text = task["text"]
    words, spaces = [], []
    pos = 0
    for tok in task["tokens"]:
        gap = text[pos:tok["start"]]
        if gap:
            # spaCy keeps one trailing space per token; any other gap is a white-space token.
            if words and gap.startswith(" ") and not spaces[-1]:
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
        words.append(tok["text"])
        spaces.append(False)
        pos = tok["end"]
    if text[pos:]:
        words.append(text[pos:])
        spaces.append(False)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def main(path):
    nlp = spacy.blank("en")
    problems = 0
    tasks = 0
    spans_checked = 0
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            task = json.loads(line)
            tasks += 1
            if task.get("meta", {}).get("offsets", "codepoints") != "codepoints":
                print(f"line {line_no}: offsets are not code points")
                problems += 1
                continue
            doc = doc_from_task(nlp, task)
            if doc.text != task["text"]:
                print(f"line {line_no}: tokens do not rebuild the text")
                problems += 1
                continue
            ents = []
            for sp in task["spans"]:
                span = doc.char_span(sp["start"], sp["end"], label=sp["label"], alignment_mode="strict")
                spans_checked += 1
                if span is None or span.text != task["text"][sp["start"]:sp["end"]]:
                    print(f"line {line_no}: span {sp} does not align with spaCy tokens")
                    problems += 1
                else:
                    ents.append(span)
            try:
                doc.ents = ents
            except ValueError as e:
                print(f"line {line_no}: doc.ents refused the spans: {e}")
                problems += 1
            for rel in task.get("relations", []):
                for key in ("head_span", "child_span"):
                    sp = rel[key]
                    spans_checked += 1
                    if doc.char_span(sp["start"], sp["end"], alignment_mode="strict") is None:
                        print(f"line {line_no}: relation {key} {sp} does not align")
                        problems += 1
    print(f"spaCy {spacy.__version__}: {tasks} tasks, {spans_checked} spans checked, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
