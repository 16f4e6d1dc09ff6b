"""Catalog authoring for trainers: persona, scenario, rubric and rule-pack drafts, versions and publishing, preview, the rule tester, pass-rule approvals and persona fidelity evaluation."""
