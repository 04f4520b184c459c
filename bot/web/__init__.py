"""The embeddable chat widget (``static/``) and the tiny server of its demo page.

The widget talks to Rasa's socket.io channel directly from the browser; nothing here
proxies Rasa. ``rasa_channel`` is the one module that runs inside the Rasa runtime.
"""
