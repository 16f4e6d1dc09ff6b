"""Phone-call mode of a practice session (issue 7): dialing, silence and interruptions, server-side speech, the call page. A call is a practice session, so this lives inside practice."""
