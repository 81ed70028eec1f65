/**
 * Shell completion scripts built from the commander program itself, so a new
 * command, flag or choice completes without anyone editing a script.
 */
import type { Command, Option } from 'commander';

export type Shell = 'bash' | 'zsh' | 'fish';

interface OptionSpec {
  names: string[];
  description: string;
  /**
   * 'file' when its placeholder names a file or directory (`--out <file>`),
   * 'environment' for `<environment>` (the directories under environments/
   * beside the paths typed, else here); a number or pattern completes nothing.
   */
  takesValue: false | 'file' | 'environment' | 'word';
  choices: readonly string[];
}

interface CommandSpec {
  /** Subcommand names from the program down, e.g. ['provider', 'install']; [] for the program. */
  path: string[];
  description: string;
  options: OptionSpec[];
  /** Choices of its arguments; a command with free arguments completes file names. */
  argChoices: readonly string[];
  takesFiles: boolean;
}

const HELP: OptionSpec = { names: ['-h', '--help'], description: 'display help', takesValue: false, choices: [] };
const FILE_PLACEHOLDER = /<(file|dir)>/;
const ENVIRONMENT_PLACEHOLDER = /<environment>/;

export function completionScript(program: Command, shell: Shell): string {
  const specs = commandSpecs(program);
  // The program's own flags work after any command too; help is each command's own, the version only the program's.
  const global = specs[0]!.options.filter((o) => o !== HELP && !o.names.includes('--version'));
  const withGlobal = specs.map((s) => (s.path.length === 0 ? s : { ...s, options: [...s.options, ...global] }));
  const name = program.name();
  return { bash: bashScript, zsh: zshScript, fish: fishScript }[shell](name, withGlobal);
}

function commandSpecs(command: Command, path: string[] = []): CommandSpec[] {
  const args = command.registeredArguments;
  const own: CommandSpec = {
    path,
    description: command.description(),
    options: [
      ...command.options.map((o) => ({
        names: [o.short, o.long].filter((n): n is string => n !== undefined),
        description: o.description,
        takesValue: valueOf(o),
        choices: o.argChoices ?? [],
      })),
      HELP,
    ],
    argChoices: args.flatMap((a) => a.argChoices ?? []),
    takesFiles: args.some((a) => a.argChoices === undefined),
  };
  return [own, ...command.commands.flatMap((sub) => commandSpecs(sub, [...path, sub.name()]))];
}

function valueOf(option: Option): OptionSpec['takesValue'] {
  if (!option.required && !option.optional) return false;
  if (ENVIRONMENT_PLACEHOLDER.test(option.flags)) return 'environment';
  return FILE_PLACEHOLDER.test(option.flags) ? 'file' : 'word';
}

const children = (specs: CommandSpec[], parent: CommandSpec) =>
  specs.filter((s) => s.path.length === parent.path.length + 1 && parent.path.every((p, i) => s.path[i] === p));

const BASH_VALUES = {
  file: '($(compgen -f -- "$cur"))',
  environment: (fn: string) => `($(${fn}_environments | sort -u))`,
  word: '()',
};
const FISH_VALUES = {
  file: ' -rF',
  environment: (fn: string) => ` -xa '(${fn}_environments)'`,
  word: ' -x',
};

/** Words joined for a shell: our names and choices are plain words, so no quoting is needed inside. */
const words = (list: readonly string[]) => list.join(' ');

function bashScript(name: string, specs: CommandSpec[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  const key = (s: CommandSpec) => s.path.join(' ');
  const descend = specs
    .flatMap((parent) => children(specs, parent).map((child) => `      "${key(parent)}/${child.path.at(-1)}") cmd="${key(child)}" ;;`))
    .join('\n');
  const valued = specs
    .flatMap((s) =>
      s.options
        .filter((o) => o.takesValue)
        .map((o) => {
          const reply = o.choices.length > 0 ? `($(compgen -W "${words(o.choices)}" -- "$cur"))` : o.takesValue === 'environment' ? BASH_VALUES.environment(fn) : o.takesValue ? BASH_VALUES[o.takesValue] : '()';
          return `    "${key(s)}/${o.names.join(`"|"${key(s)}/`)}") COMPREPLY=${reply}; return ;;`;
        }),
    )
    .join('\n');
  const options = specs.map((s) => `    "${key(s)}") opts="${words(s.options.flatMap((o) => o.names))}" ;;`).join('\n');
  const nexts = specs
    .map((s) => `    "${key(s)}") next="${words([...children(specs, s).map((c) => c.path.at(-1)!), ...s.argChoices])}"${s.takesFiles ? '; files=1' : ''} ;;`)
    .join('\n');
  return `# ${name} completion for bash: \`source <(${name} completion bash)\`, or save it in a bash-completion directory.
# The environments under environments/ beside each directory or file typed so far (as --env reads them), else under ./environments/.
${fn}_environments() {
  local w d found=0
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    if [[ -d "$w" ]]; then d="$w"; elif [[ -f "$w" ]]; then d="$(dirname -- "$w")"; else continue; fi
    if [[ -d "$d/environments" ]]; then found=1; (cd "$d/environments" && compgen -d -- "$cur"); fi
  done
  if ((!found)); then (cd environments 2>/dev/null && compgen -d -- "$cur"); fi
}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" opts="" next="" files=0 i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "$cmd/\${COMP_WORDS[i]}" in
${descend}
    esac
  done
  case "$cmd/$prev" in
${valued}
  esac
  case "$cmd" in
${options}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  case "$cmd" in
${nexts}
  esac
  COMPREPLY=($(compgen -W "$next" -- "$cur"))
  if ((files)); then COMPREPLY+=($(compgen -f -- "$cur")); fi
}
complete -o filenames -F ${fn} ${name}
`;
}

/** zsh runs the bash script through its bash-completion layer, which it ships for exactly this. */
function zshScript(name: string, specs: CommandSpec[]): string {
  return `# ${name} completion for zsh: \`source <(${name} completion zsh)\` in ~/.zshrc.
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(name, specs).split('\n').slice(1).join('\n')}`;
}

function fishScript(name: string, specs: CommandSpec[]): string {
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  /** True while the command line is exactly at `spec` (its path typed, none of its subcommands yet). */
  const at = (spec: CommandSpec) => {
    const below = children(specs, spec).map((c) => c.path.at(-1)!);
    const conds = [
      ...(spec.path.length === 0 ? ['__fish_use_subcommand'] : spec.path.map((p) => `__fish_seen_subcommand_from ${p}`)),
      ...(spec.path.length > 0 && below.length > 0 ? [`not __fish_seen_subcommand_from ${words(below)}`] : []),
    ];
    return quote(conds.join('; and '));
  };
  const fn = `__${name.replace(/\W/g, '_')}`;
  const lines = [
    `# ${name} completion for fish: \`${name} completion fish > ~/.config/fish/completions/${name}.fish\`.`,
    `complete -c ${name} -f`,
    '# The environments under environments/ beside each directory or file typed so far (as --env reads them), else under ./environments/.',
    `function ${fn}_environments`,
    '    set -l found 0',
    '    for w in (commandline -opc)',
    '        set -l d $w',
    '        if test -f $w',
    '            set d (dirname -- $w)',
    '        else if not test -d $w',
    '            continue',
    '        end',
    '        if test -d $d/environments',
    '            set found 1',
    // In `for`, a glob matching nothing expands to nothing, where a command would fail on it.
    '            for e in $d/environments/*/; basename $e; end',
    '        end',
    '    end',
    '    if test $found = 0',
    '        for e in environments/*/; basename $e; end',
    '    end',
    'end',
  ];
  for (const spec of specs) {
    for (const child of children(specs, spec)) {
      lines.push(`complete -c ${name} -n ${at(spec)} -a ${child.path.at(-1)} -d ${quote(child.description)}`);
    }
    if (spec.argChoices.length > 0) lines.push(`complete -c ${name} -n ${at(spec)} -a ${quote(words(spec.argChoices))}`);
    if (spec.takesFiles) lines.push(`complete -c ${name} -n ${at(spec)} -F`);
    for (const option of spec.options) {
      const flags = option.names.map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(' ');
      const value =
        option.choices.length > 0 ? ` -xa ${quote(words(option.choices))}` : option.takesValue === 'environment' ? FISH_VALUES.environment(fn) : option.takesValue ? FISH_VALUES[option.takesValue] : '';
      lines.push(`complete -c ${name} -n ${at(spec)} ${flags}${value} -d ${quote(option.description)}`);
    }
  }
  return lines.join('\n') + '\n';
}
