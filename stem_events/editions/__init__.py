"""State-of-the-STEM editions: programme, participants' choices, market stands, awards."""
