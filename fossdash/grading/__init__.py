"""Grading issues (Single Status): register, workflow, union position, decision, timeline."""
