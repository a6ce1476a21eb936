"""Applications as the employer handles them: the pipeline, notes, exports and the mail
that tells each side what happened."""
