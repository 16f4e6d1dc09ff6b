"""Practice: a trainee's sessions with an AI-played debtor, chat or phone call; turns, the debtor's voice, ending and grading a session, the trainee's pages."""
