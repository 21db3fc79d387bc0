"""The library feature's dialogs: templates, elements, script to shots, prompt enhancement."""
