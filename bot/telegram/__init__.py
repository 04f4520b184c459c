"""The Telegram front end: relays chats to Rasa's REST channel and Rasa's replies back.

``app`` holds the handlers and ``build_application``; ``rasa`` the HTTP client of the
REST channel; ``payloads`` the intent payloads the front end sends; ``keyboards`` turns
Rasa buttons into inline keyboards; ``messages`` the front end's own texts; ``webhook`` the
server of webhook mode; ``notify`` tells the advisers' chat of a handoff request; ``cli`` the
``microcred telegram`` subcommand. Importing the package builds nothing.
"""
