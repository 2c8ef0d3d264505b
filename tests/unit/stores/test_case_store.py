"""stores/case_store.py on a real SQLite file: references unique, the outbox claimed by one sender only,
failed sends retried later."""

import threading
from datetime import datetime

from bot.cases import Case, Mail
from bot.routing import Request, RequestKind
from stores.case_store import CaseStore


def case(n=0):
    return Case(
        Request(RequestKind.PQRSA, pqrsa_type="queja"),
        name=f"Persona {n}",
        company="Entidad",
        details="hechos",
        filed_at=datetime(2026, 12, 14, 10, 0),
    )


def two_mails(filed):
    return [
        Mail("mesa@ejemplo.co", f"[{filed.reference}]", "cuerpo", "desk"),
        Mail("persona@ejemplo.co", f"{filed.reference}", "copia", "person"),
    ]


def test_references_are_unique_and_readable(tmp_path):
    store = CaseStore(f"sqlite:///{tmp_path / 'c.db'}")
    filed = [store.file(case(n), two_mails) for n in range(3)]
    assert [c.reference for c in filed] == ["CC-20261214-0001", "CC-20261214-0002", "CC-20261214-0003"]
    assert store.find("cc-20261214-0002")["name"] == "Persona 1"


def test_concurrent_senders_claim_each_mail_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    store = CaseStore(url)
    for n in range(10):
        store.file(case(n), two_mails)
    claimed, start = [], threading.Barrier(4)

    def sender(name):
        own = CaseStore(url)
        start.wait()
        claimed.extend(mail.id for mail in own.claim_due(name))

    threads = [threading.Thread(target=sender, args=(f"s{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == list(range(1, 21))


def test_a_failed_send_is_retried_later_and_a_sent_one_never(tmp_path):
    store = CaseStore(f"sqlite:///{tmp_path / 'c.db'}")
    store.file(case(), two_mails)
    first, second = store.claim_due("a")
    store.release(first.id, "a", "SMTPServerDisconnected")
    store.mark_sent(second.id, "a")
    assert store.claim_due("b") == []  # the retry waits its delay
    assert [m.id for m in store.claim_due("b", everything_pending=True)] == [first.id]
