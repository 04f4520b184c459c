"""The embeddable chat widget (``static/``) and the tiny server of its demo page.

The widget talks to Rasa's socket.io channel directly from the browser; nothing here
proxies Rasa. The Rasa side of the socket.io channel is ``bot.rasa_components.channels``.
"""
