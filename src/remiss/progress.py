"""A plain progress bar for the commands, on standard error; no dependency."""


class ProgressBar:
    """A one-line progress bar on a terminal; one line per file elsewhere."""

    width = 30

    def __init__(self, stream, *, total: int):
        self.stream, self.total = stream, total
        self.interactive = stream.isatty()

    def update(self, done: int, label: str) -> None:
        filled = round(self.width * done / self.total) if self.total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        text = f"[{bar}] {done}/{self.total} {label}"
        if self.interactive:
            self.stream.write("\r" + text[:120].ljust(120))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\n")
