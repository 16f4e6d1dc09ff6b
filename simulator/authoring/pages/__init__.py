"""The authoring pages: persona editor, scenario builder, rubric and rule-pack editors, versions, approvals."""
