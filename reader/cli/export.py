"""The export and import-annotations commands.

``reader export`` writes Markdown (default), W3C JSON-LD or Hypothesis JSON to stdout,
to a file, or, given a folder, one file per article (or tag); or CSV, one table, to stdout
or a file. Article paths in the export are shown relative to the current folder when they
lie inside it, so an export made in the project folder reads the same on every machine.
``reader import-annotations`` merges a W3C JSON-LD or Hypothesis JSON file back (the
merge rule and the limits are in
:mod:`reader.export.importing`): it prints a line for each annotation it took a
decision about (updated, kept, re-identified) and a line of counts, or with
``--json`` every annotation's outcome; when some annotations cannot be used it
prints one line per problem on stderr, saves nothing and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.context import Context, inline, print_json, say, write_json
from reader.conversion import DisplayScript
from reader.errors import ReaderError
from reader.export import (
    AnnotationImportError,
    Format,
    GroupBy,
    export_file,
    export_to_folder,
    import_annotations,
    import_text,
    render,
)
from reader.export.agents import CREATOR_VARIABLE, Creator, default_creator
from reader.export.json_input import MAX_FILE_BYTES


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "export",
        help="export annotations as Markdown, W3C Web Annotations (JSON-LD), "
        "Hypothesis JSON or CSV",
    )
    parser.add_argument(
        "--format",
        choices=[f.value for f in Format],
        default=Format.MARKDOWN.value,
        help="markdown (default), json (W3C Web Annotation Data Model), hypothesis "
        "(the Hypothesis API's JSON) or csv (one row per annotation, the browse_annotations view)",
    )
    parser.add_argument(
        "--output",
        default="-",
        metavar="PATH|DIR/|-",
        help="a file, a folder (trailing slash or existing: one file per article), "
        "or - for stdout (default)",
    )
    parser.add_argument(
        "--article",
        action="append",
        type=int,
        metavar="ID",
        help="only this article's annotations (repeat for several)",
    )
    parser.add_argument(
        "--tag",
        action="append",
        metavar="T",
        help="only annotations with this tag, in either script (repeat for any of several)",
    )
    parser.add_argument(
        "--group-by",
        choices=[g.value for g in GroupBy],
        default=GroupBy.ARTICLE.value,
        help="a section (or file) per article (default) or per tag",
    )
    parser.add_argument(
        "--script",
        choices=[s.value for s in DisplayScript],
        default=DisplayScript.ORIGINAL.value,
        help="show quotes and titles as written, or converted (Markdown only)",
    )
    parser.add_argument(
        "--tag-script",
        choices=[s.value for s in DisplayScript],
        default=DisplayScript.ORIGINAL.value,
        help="the script Markdown's #tags are written in (default: as kept, one spelling per tag)",
    )
    parser.add_argument(
        "--creator",
        metavar="NAME|IRI",
        help=f"who the JSON formats name as creator (default: ${CREATOR_VARIABLE}, "
        "else your user name)",
    )
    parser.set_defaults(func=run_export)

    parser = commands.add_parser(
        "import-annotations",
        help="merge a W3C Web Annotation or Hypothesis JSON file (as exported)",
    )
    parser.add_argument("file", metavar="FILE.json", help="the file, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(func=run_import_annotations)


def run_export(args: argparse.Namespace, context: Context) -> int:
    options = {
        "fmt": Format(args.format),
        "article_ids": args.article,
        "tags": args.tag,
        "group_by": GroupBy(args.group_by),
        "script": DisplayScript(args.script),
        "base": Path.cwd(),
        "tag_script": DisplayScript(args.tag_script),
        "creator": Creator(args.creator.strip()) if args.creator else default_creator(),
    }
    output: str = args.output
    if output == "-":
        document = render(context.db, **options)
        if options["fmt"] is not Format.MARKDOWN:
            write_json(document)
        else:
            say(document.removesuffix("\n"))
        return 0
    path = Path(output)
    if output.endswith(("/", "\\")) or path.is_dir():
        written = export_to_folder(context.db, path, **options)
    else:
        written = [export_file(context.db, path, **options)]
    for file in written:
        say(f"wrote {inline(file)}")
    return 0


def run_import_annotations(args: argparse.Namespace, context: Context) -> int:
    try:
        if args.file == "-":
            # One character more than the limit is enough to tell it is passed.
            text = sys.stdin.read(MAX_FILE_BYTES + 1)
            report = import_text(context.db, text, name="stdin", base=Path.cwd())
        else:
            report = import_annotations(context.db, Path(args.file), base=Path.cwd())
    except AnnotationImportError as error:
        if len(error.problems) > 1:
            for problem in error.problems:
                say(f"reader: {inline(problem)}", error=True)
        raise ReaderError(inline(str(error))) from None
    if args.json:
        print_json(report.as_json())
    else:
        for annotation in report.notable():
            say(inline(annotation.line()))
        say(report.summary())
    return 0
