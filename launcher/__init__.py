"""The one way to start CertiChat's processes (`certichat run`), and the generators of the Rasa
credentials and endpoints files it starts them with."""
