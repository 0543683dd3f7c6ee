"""The recipe (config -> load -> model -> plan -> render and write), the plan that joins every
page family, and the one place that writes to the output folder."""
