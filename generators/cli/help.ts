import { ANSWER_OPTIONS } from '../core/domain.js';

export function helpText(version: string): string {
  const answerLines = ANSWER_OPTIONS.map((o) => {
    const values = o.choices ? ` <${o.choices.map((c) => c.value).join('|')}>` : ' <text>';
    const asked = o.prompt ? `, asked ${o.defaultWhenNotInteractive ? 'on a terminal ' : ''}unless --yes` : '';
    const def = o.default ? ` (default: ${o.default}${asked})` : '';
    return `  --${o.key}${values}\n      ${o.help}${def}`;
  });
  return `create-livrable ${version}
Scaffold a data-science project for its deliverable and its lifecycle phase.

Usage:
  npm create livrable@latest [directory] -- [options]
  create-livrable [directory] [options]
  create-livrable upgrade [directory] --phase <phase>   promote a project, keeping your edits
  create-livrable doctor [directory]                    audit any repo against the phase checklist
  create-livrable add step|page <name> [directory]      grow a project: a pipeline step, a page
  (each subcommand has its own --help)

Project options:
${answerLines.join('\n')}

Run options:
  --preset <file>       JSON or YAML file with the project options above (flags win)
  -y, --yes             accept the defaults for anything not given
  --no-interactive      never prompt (implied when stdin is not a TTY or CI is set)
  --dry-run             print the plan and write nothing: every file with the template it comes
                        from (templates/…), and the fragments composed into README.md & co.
  --json                with --dry-run: print the plan as JSON
                        {"target","answers","layers":[{"id","dir"}],
                         "files":[{"path","layer","template","fragments"?}]}
                        (template is null for the computed .livrable.json)
  --overwrite           allow a non-empty target directory (same-name files are replaced)
  --git, --no-git       git init and a first commit (default: on when git is installed)
  --install, --no-install
                        uv lock and uv sync in the new project (default: on when uv is installed)
  -h, --help            show this help
  -v, --version         print the version

Exit codes:
  0    success
  1    unexpected error, or cancelled (Ctrl-C / Esc at a question); nothing is written
  2    usage or validation error (bad flag or value, bad name, non-empty target,
       missing answers in a non-interactive run); nothing is written
  130  interrupted (Ctrl-C) while git or uv ran: the project is written, and the
       message says what to run to finish

Examples:
  npm create livrable@latest my-api -- --deliverable api --yes
  npm create livrable@latest course-lab -- --preset class.yaml --no-interactive
  npm create livrable@latest my-report -- --deliverable report --dry-run --json
`;
}
