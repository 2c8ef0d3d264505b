"""The realistic conversation suite (tests/conversations/), played against the live servers."""

from tests.conversation_suite import PASS_RATE_REQUIRED, contact_texts, load_suite, pass_rate, play_all, report

MINIMUM_CONVERSATIONS = 200


def test_the_suite_is_large_and_covers_every_class(catalogue):
    from tests.conversation_suite import CLASSES

    conversations = load_suite(catalogue)
    assert len(conversations) >= MINIMUM_CONVERSATIONS
    covered = {name for c in conversations for name in c.classes}
    assert covered == set(CLASSES)


def test_realistic_conversations_reach_the_right_contact(bot, catalogue):
    outcomes = play_all(load_suite(catalogue), bot.send, bot.set_clock, contact_texts(catalogue))
    print(report(outcomes))
    assert pass_rate(outcomes) >= PASS_RATE_REQUIRED, report(outcomes)
