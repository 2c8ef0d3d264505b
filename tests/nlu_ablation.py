"""What each part of the understanding is worth: the NLU trained with and without it, measured on the
held-out NLU sets (intent macro F1) and on folders of conversations (the share handled right).

    scripts/nlu-ablation.sh [CONVERSATION_FOLDER ...]

Each variant is trained into a temporary folder from the project's own domain, data and config, with
one part taken out; the conversations are played against the real bot started with that model, as the
suite plays them. Prints a table (tests/nlu/README.md keeps the figures).
"""

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = (ROOT / "tests" / "nlu" / "held_out.yml", ROOT / "tests" / "nlu" / "held_out_voices.yml")
ENCODER = "nlu_components.sentence_encoder.SentenceEncoderFeaturizer"
NEEDS_READER = "nlu_components.needs_reader.NeedsReader"
# The training examples added for issue 20 open with this comment in each file of data/nlu/.
NEW_VOICES = "# Written by people who had only the two source documents"


def _without_components(config: dict, names: Sequence[str], needs_reader_weight: float = None) -> dict:
    pipeline = [dict(c) for c in config["pipeline"] if c["name"] not in names]
    for component in pipeline:
        if component["name"] == NEEDS_READER and needs_reader_weight is not None:
            component["encoder_weight"] = needs_reader_weight
    return {**config, "pipeline": pipeline}


def _without_new_voices(text: str) -> str:
    """A data file without the blocks that start with the NEW_VOICES comment."""
    return re.sub(rf"^{re.escape(NEW_VOICES)}.*?(?=^# |\Z)", "", text, flags=re.S | re.M)


Variant = Tuple[str, Callable[[dict], dict], Callable[[str], str]]
VARIANTS: List[Variant] = [
    ("todo", lambda c: c, lambda d: d),
    ("sin el codificador de oraciones", lambda c: _without_components(c, [ENCODER], 0.0), lambda d: d),
    ("sin leer por partes", lambda c: _without_components(c, [NEEDS_READER]), lambda d: d),
    ("sin los ejemplos de voces nuevas", lambda c: c, _without_new_voices),
]


def _train(config: dict, data_of: Callable[[str], str], folder: Path) -> Path:
    data = folder / "data"
    for path in (ROOT / "data").rglob("*.yml"):
        target = data / path.relative_to(ROOT / "data")
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        target.write_text(data_of(text) if "nlu" in path.parts else text, encoding="utf-8")
    (folder / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    command = [str(ROOT / ".venv" / "bin" / "rasa"), "train", "--config", str(folder / "config.yml")]
    command += ["--data", str(data), "--domain", str(ROOT / "domain.yml"), "--out", str(folder)]
    subprocess.run(command + ["--fixed-model-name", "variant"], cwd=ROOT, check=True, capture_output=True)
    return folder / "variant.tar.gz"


def _held_out_f1(model: Path, folder: Path) -> List[float]:
    """Intent macro F1 on each held-out set, as scripts/nlu-report.sh computes it (`rasa test nlu`)."""
    scores = []
    for path in HELD_OUT:
        out = folder / f"report-{path.stem}"
        command = [str(ROOT / ".venv" / "bin" / "rasa"), "test", "nlu", "--nlu", str(path), "--model", str(model)]
        subprocess.run(command + ["--out", str(out)], cwd=ROOT, check=True, capture_output=True)
        report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
        scores.append(report["macro avg"]["f1-score"])
    return scores


def _conversations(model: Path, folders: Sequence[str]) -> float:
    from bot.catalogue import load_catalogue
    from tests.conversation_suite import contact_texts, load_suite, pass_rate, play_all
    from tests.servers import RunningBot

    catalogue = load_catalogue()
    conversations = [c for folder in folders for c in load_suite(catalogue, Path(folder))]
    with tempfile.TemporaryDirectory(prefix="certichat-ablation-") as workdir:
        bot = RunningBot(Path(workdir), {}, model=model).start()
        try:
            return pass_rate(play_all(conversations, bot.send, bot.set_clock, contact_texts(catalogue)))
        finally:
            bot.stop()


def main(folders: Sequence[str]) -> int:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    rows: Dict[str, List[str]] = {}
    for name, change_config, change_data in VARIANTS:
        with tempfile.TemporaryDirectory(prefix="certichat-variant-") as folder:
            model = _train(change_config(config), change_data, Path(folder))
            scores = [f"{score:.3f}" for score in _held_out_f1(model, Path(folder))]
            played = [f"{_conversations(model, [f]):.1%}" for f in folders]
            rows[name] = scores + played
            print(f"{name}: {' | '.join(rows[name])}", flush=True)
    heads = [path.name for path in HELD_OUT] + [Path(f).name for f in folders]
    print("\n| variante | " + " | ".join(heads) + " |")
    print("| --- |" + " --- |" * len(heads))
    for name, cells in rows.items():
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
