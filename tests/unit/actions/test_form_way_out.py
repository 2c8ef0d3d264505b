"""actions/form_way_out.py: counting the answers to the question a form is asking."""

from actions.form_way_out import answers_to


def asked(slot):
    return {"event": "slot", "name": "requested_slot", "value": slot}


def said(text):
    return {"event": "user", "text": text}


def bot(text):
    return {"event": "bot", "text": text}


def test_only_the_answers_since_the_question_was_first_asked_this_time_count():
    events = [
        asked("case_consent"),
        said("sí autorizo"),  # the answer to the previous question
        asked("case_name"),
        bot("¿Cuál es su nombre?"),
        said("@@"),
        asked("case_name"),
        bot("Escriba su nombre completo"),
        said("x"),
    ]
    assert answers_to(events, "case_name") == 2


def test_a_question_asked_again_later_counts_from_zero():
    events = [asked("case_name"), said("x"), said("y"), asked("case_contact"), said("ana@x.co"), asked("case_name")]
    assert answers_to(events, "case_name") == 0
    assert answers_to([*events, said("Ana Pérez")], "case_name") == 1


def test_a_question_never_asked_has_no_answers():
    assert answers_to([said("hola"), asked("case_contact"), said("ana@x.co")], "case_name") == 0
