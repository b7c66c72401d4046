"""Anonymous figures: counters of what happened at each centre, per UTC hour (`store`), turned into the
sections, suppressed cells and CSV of the activity report (`report`), drawn (`charts`) and served
(`routes`). The vocabulary of what may be counted is shared with the action server: common/figures.py.
"""
