"""``python -m netbuilder.ui.icons``: add netbuilder to the Linux desktop's application menu."""

from netbuilder.ui.icons import install_desktop_entry

for path in install_desktop_entry():
    print(f"wrote {path}")
