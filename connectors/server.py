"""`certichat-server`: Rasa's own command line (`run`, `shell`, `test`…) with CertiChat's changes
to Rasa 3.6 installed first. Use it wherever you would type `rasa`."""
from connectors import action_response_check


def main() -> None:
    action_response_check.install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
