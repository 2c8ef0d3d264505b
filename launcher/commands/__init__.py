"""One module per `certichat` subcommand; launcher/cli.py reads the arguments and calls them."""
