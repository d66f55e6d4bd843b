"""The page's parts: the scene the controls describe, its link, the cached work and the panels that show it.

With app.py, the only code that imports Streamlit; everything below it receives a `Scene` or plain numbers.
"""
