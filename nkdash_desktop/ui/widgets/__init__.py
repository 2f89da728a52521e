"""The building blocks the tabs are made of: cards, charts, tables, the range bar, panels."""
