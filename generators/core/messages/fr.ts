/**
 * Le catalogue français : les mêmes clés que messages/en.ts (le type `Messages` l’impose), les
 * mêmes `{paramètres}` (test/i18n.test.ts). Typographie : accents, « guillemets » pour ce qui est
 * montré comme une valeur, espace fine insécable (U+202F) avant : ; ? ! et à l’intérieur des
 * guillemets. Chargé seulement quand le français est choisi (un fichier paresseux à part).
 *
 * Glossaire (les mêmes mots partout, ici, dans doctor et dans les documents générés) :
 *   deliverable → livrable            lifecycle phase → phase du cycle de vie
 *   development / production / maintenance → développement / production / maintenance
 *   deployment → déploiement          go to production → mise en production
 *   drift → dérive                    monitoring → surveillance
 *   preset → préréglage               target directory → dossier cible
 *   dry run → simulation (--dry-run)  record (.livrable.json) → enregistrement
 *   pipeline step → étape du pipeline continuous integration (CI) → intégration continue (CI)
 *   check → vérification              fix → correction
 *   commit, lock file, template → commit, fichier de verrouillage, modèle (de fichier)
 * Les commandes, options, noms de fichiers et valeurs (api, production…) ne se traduisent pas.
 */
import type { Catalogue, Messages } from './en.js';

const messages: Messages = {
  // ── create ─────────────────────────────────────────────────────────────────────────────────
  missingNonInteractive:
    'Il manque {needed} pour une exécution non interactive. Donnez-les, ou passez --yes pour accepter les valeurs par défaut.',
  leftUntouched: '{target} est resté intact : rien n’a été écrit.',
  cancelled: 'Annulé : rien n’a été écrit.',
  dryRunRefused: 'sans --dry-run, cette exécution serait refusée (code 2) : {reason}',
  dryRunWouldAsk: '{target} n’est pas vide : sans --dry-run, on vous demanderait s’il faut écrire dedans.',
  dryRunNonEmpty:
    '{target} n’est pas vide : sans --dry-run, cette exécution serait refusée (code 2). Passez --overwrite pour écrire dedans (les fichiers de même nom sont remplacés, les autres gardés).',
  dryRunHeader: 'Simulation : {count} fichiers seraient écrits dans {target}',
  computed: 'calculé',
  jsonNeedsDryRun: '--json s’utilise avec --dry-run.',
  note: 'remarque : ',
  warning: 'attention : ',
  cannotWrite: 'impossible d’écrire le projet : {message}',
  unexpected: 'erreur inattendue : {message}',
  debugHint: ' (définissez DEBUG=1 pour voir la pile d’appels)',
  noMessage: 'aucun message',
  // ── ligne de commande ──────────────────────────────────────────────────────────────────────
  seeHelp: ' Lancez avec --help pour voir les options.',
  oneDirectory: 'Un seul dossier cible attendu, {count} reçus : {given}. Mettez entre guillemets un nom qui contient des espaces.',
  unknownOption: 'Option inconnue : {flag}.',
  takesNoValue: '{flag} ne prend pas de valeur (reçu « {value} ») ; pour la désactiver, omettez-la.',
  takesNoValueOrNo: '{flag} ne prend pas de valeur (reçu « {value} ») ; pour la désactiver, omettez-la ou passez --no-{name}.',
  oneOf: 'l’une de {choices}',
  aValue: 'une valeur',
  needsValue: '{flag} attend une valeur : {expected}.',
  needsValueNotOption:
    '{flag} attend une valeur ({expected}), mais l’argument suivant est l’option {next}. Une valeur qui commence par « - » s’écrit {flag}=<valeur>.',
  didYouMean: ' Vouliez-vous dire {word} ?',
  npmKept:
    ' npm a gardé {flags} pour lui : avec npm create, placez les options de l’outil après `--` (npm create livrable@latest {directory} -- {flags}).',
  // ── réponses et préréglages ────────────────────────────────────────────────────────────────
  invalidChoice: 'Valeur invalide pour --{key} : « {value} »{source}.{suggestion} Choisissez parmi : {choices}.',
  deliverableRepeated: '--deliverable « {value} » nomme {deliverable} deux fois : citez chaque livrable une seule fois.',
  deliverablesUnsupported:
    'Les livrables {deliverables} ne peuvent pas encore partager un dépôt en {phase} (possible : {supported}) ; rien n’a été écrit.',
  presetKeySource: 'clé « {key} » du préréglage « {file} »',
  presetNotYaml: 'Le préréglage « {file} » n’est pas du YAML valide : {error}',
  presetNotJson: 'Le préréglage « {file} » n’est pas du JSON valide : {error}',
  presetNotText: 'La valeur de la {where} doit être du texte, pas {value} : écrivez-la entre guillemets, {key}: "…".',
  presetEmptyValue: 'une valeur vide',
  presetYamlNumber:
    '{error} (YAML lit {written} sans guillemets comme le nombre {number} : écrivez les versions entre guillemets.)',
  presetUnreadable: 'Impossible de lire le préréglage « {file} » : {why}.',
  presetIsDirectory: 'c’est un dossier',
  presetNotRegular: 'ce n’est pas un fichier ordinaire',
  presetTooLarge: 'il dépasse {size} Kio',
  presetNotMapping: 'Le préréglage « {file} » doit associer des noms d’options à des valeurs.',
  presetUnknownKey: 'Clé inconnue « {key} » dans le préréglage « {file} ».{suggestion} Clés connues : {keys}.',
  // ── noms ───────────────────────────────────────────────────────────────────────────────────
  theProjectName: 'Le nom du projet',
  theTargetDirectory: 'Le dossier cible',
  theDescription: 'La description',
  theAuthor: 'L’auteur',
  notACharacter:
    '{what} contient {code}, qui n’est pas un caractère (un non-caractère Unicode ou une moitié de paire de substitution).',
  nameEmpty: 'Le nom du projet est vide : passez --name ou un nom de dossier.',
  nameControl: 'Le nom du projet contient des caractères de contrôle.',
  nameSeparator: 'Le nom du projet « {name} » contient un séparateur de chemin.',
  notAName: '« {name} » n’est pas un nom de projet.',
  nameTooLong: 'Le nom du projet dépasse 100 caractères.',
  noDistribution:
    'Impossible de dériver un nom de distribution de « {name} » (aucune lettre ni chiffre ASCII) : passez --name.',
  packageHint: 'passez --package NOM (un identifiant Python en minuscules)',
  packageFromName: 'le nom « {name} »',
  packageEmpty: 'Le nom de paquet Python dérivé de {origin} est vide : {hint}.',
  packageDigit: 'Le nom de paquet Python « {name} » (tiré de {origin}) commence par un chiffre : {hint}.',
  packageNotIdentifier:
    'Le nom de paquet Python « {name} » (tiré de {origin}) n’est pas un identifiant ASCII en minuscules : {hint}.',
  packageTooLong: 'Le nom de paquet Python « {name} » dépasse {max} caractères.',
  packageDunder: 'Le nom de paquet Python « {name} » commence par « __ » : {hint}.',
  packageKeyword: '« {name} » est un mot-clé de Python : {hint}.',
  packageStdlib: '« {name} » est un module de la bibliothèque standard de Python, que le paquet masquerait : {hint}.',
  packageDependency: '« {name} » est une bibliothèque dont dépend le projet, que le paquet masquerait : {hint}.',
  packageFolder: '« {name} » est le nom d’un dossier des projets générés, qui masquerait le paquet : {hint}.',
  targetEmpty: 'Le dossier cible est vide.',
  targetControl: 'Le dossier cible contient des caractères de contrôle.',
  targetReserved: '« {name} » est un nom de périphérique réservé sous Windows : choisissez un autre nom de dossier.',
  targetNotPortable: 'Le nom de dossier « {name} » contient un caractère non portable (<>:"|?*).',
  notOneLine: '{what} doit tenir sur une ligne, sans caractères de contrôle.',
  textTooLong: '{what} dépasse {max} caractères.',
  // ── écriture ───────────────────────────────────────────────────────────────────────────────
  targetNotDirectory: 'La cible {target} existe et n’est pas un dossier.',
  anotherWriter:
    'Un autre create-livrable (pid {pid}) écrit en ce moment dans {target} : attendez qu’il ait fini, ou choisissez un autre dossier.',
  interruptedUpgradeFound: 'Un upgrade interrompu a été trouvé dans {target} : {advice}.',
  undidCreate: 'Une création interrompue dans {target} a été annulée : vos fichiers sont revenus tels qu’ils étaient.',
  leftoverOrphan:
    '{dir} contient les sauvegardes d’une modification interrompue, sans journal : remettez à leur place les fichiers de son dossier backup/, puis supprimez-le.',
  leftoverUnreadable:
    '{dir} contient un journal illisible : remettez à leur place les fichiers de son dossier backup/, puis supprimez-le.',
  directoryNameTooLong:
    'Le nom du dossier fait {bytes} octets ; les systèmes de fichiers en permettent {max}. Choisissez un nom plus court.',
  pathTooLong:
    'Un chemin du projet est trop long pour le système de fichiers sous {target} : choisissez un dossier plus court.',
  targetNotEmpty:
    'Le dossier {target} n’est pas vide. Choisissez un autre dossier, ou passez --overwrite pour écrire dedans (les fichiers de même nom sont remplacés, les autres gardés).',
  createdMeanwhile:
    '{target} a été créé par un autre processus pendant l’écriture de ce projet : rien n’y a été écrit. Choisissez un autre dossier, ou passez --overwrite.',
  // ── après l’écriture : uv, git ─────────────────────────────────────────────────────────────
  toolMissing:
    '{flag} : {tool} n’est pas installé (introuvable dans le PATH), donc `{steps}` n’a pas été lancé ; le projet est écrit. Installez {tool} ({url}), puis lancez la commande dans le projet.',
  stepToolMissing:
    '{tool} n’est pas installé (introuvable dans le PATH), donc `{step}` n’a pas été lancé ; le projet est écrit. Installez {tool} ({url}), puis lancez la commande dans le projet.',
  seeItsDocumentation: 'voir sa documentation',
  stepFailed: '`{step}` a échoué ; le projet est écrit, lancez la commande vous-même.',
  stepUnfinished: '`{step}` ne s’est pas terminé',
  stepNotRun: '`{step}` n’a pas été lancé',
  interrupted: 'interrompu : le projet est écrit dans {target}, mais {what}. Pour terminer, lancez : {rest}',
  running: '{step} en cours…',
  outcomeFailed: 'échec',
  outcomeInterrupted: 'interrompu',
  // ── questions ──────────────────────────────────────────────────────────────────────────────
  askDirectory: 'Dans quel dossier créer le projet ?',
  confirmOverwrite:
    '{target} n’est pas vide. Écrire dedans quand même (les fichiers de même nom sont remplacés, les autres gardés) ?',
  languageFromLocale: 'En français (d’après votre locale). For English: --lang en',
  languageFromFlag: 'En français (--lang fr).',
  yes: 'Oui',
  no: 'Non',
  // ── l’écran final ──────────────────────────────────────────────────────────────────────────
  created: '{name} créé ({deliverable}, {phase}) dans {target}',
  nextSteps: 'Et maintenant :',
  sameProject: 'Le même projet, sans questions :',
  // ── écrire sans risque : transactions et chemins ──
  txDirectoryInTheWay: '{action} impossible sur {path} : un dossier de ce nom gêne.',
  txBackupChanged: 'la sauvegarde de {path} n’est plus le fichier sauvegardé (elle a été modifiée ou déposée là) ; laissée où elle est',
  txRecoveryAdvice: 'lancez `create-livrable upgrade{dir} --resume` pour le terminer, ou `create-livrable upgrade{dir} --rollback` pour l’annuler',
  txAfter: ' après {cause}',
  txCouldNotUndo: 'Impossible d’annuler le changement « {what} » de {target}{because} ({error}) : chaque sauvegarde est gardée dans {backup} ; {advice}.',
  txFilledMeanwhile: '{target} a été rempli par un autre processus pendant la préparation de ce projet : rien n’y a été écrit. Choisissez un autre dossier, ou passez --overwrite.',
  txAnotherChanging: 'Un autre create-livrable (pid {pid}) modifie {target} en ce moment : attendez qu’il ait fini, puis relancez. Rien n’a été écrit.',
  txFailedCreate: 'L’écriture du projet a échoué ({error}) ; chaque fichier a été remis comme il était.',
  txFailedUpgrade: 'La mise à niveau a échoué ({error}) ; chaque fichier a été remis comme il était.',
  txFailedAdd: '`add {summary}` a échoué ({error}) ; chaque fichier a été remis comme il était.',
  txResumeDamaged: 'Reprise impossible : la copie préparée de {path} dans {staging} est endommagée ; annulez plutôt avec `create-livrable upgrade --rollback`.',
  txResumeAppeared: 'Reprise impossible : {path} est apparu après l’interruption du changement ; déplacez-le, ou annulez plutôt avec `create-livrable upgrade --rollback`.',
  txCouldNotFinish: 'Impossible de terminer le changement interrompu ({error}) : chaque sauvegarde est gardée dans {backup} ; {advice}.',
  pathUnsafe: '{action} impossible sur « {path} » : {reason}.',
  pathLinkFile: '{action} impossible sur {path} : {shown} est un lien symbolique, et create-livrable ne lit ni n’écrit jamais à travers un lien. Remplacez-le par le vrai fichier, ou déplacez-le.',
  pathLinkFolder: '{action} impossible sur {path} : {shown} est un lien symbolique, et create-livrable ne lit ni n’écrit jamais à travers un lien. Remplacez-le par le vrai dossier, ou déplacez-le.',
  pathFileForFolder: '{action} impossible sur {path} : {shown} est un fichier là où il faut un dossier. Déplacez-le d’abord.',
  pathNotRegular: '{action} impossible sur {path} : ce n’est pas un fichier ordinaire (un FIFO, une socket ou un périphérique).',
  wordAnd: 'et',
  datasetReadyAt: 'les projets {deliverables} en phase {phases}',
  datasetNotReady:
    'Vos propres données (--dataset, add dataset) ne sont possibles pour l’instant que pour {combinations}, pas pour un projet {deliverable} en phase {phase} : certains de ses fichiers décrivent encore les manchots. Rien n’a été écrit.',
  pathActionWrite: 'Écriture',
  pathActionRemove: 'Suppression',
  pathActionRestore: 'Restauration',
  pathActionReadSample: 'Lecture de l’échantillon de données',
  pathActionUpgrade: '`upgrade`',
  pathActionAdd: '`add`',
  pathReasonEmpty: 'il est vide',
  pathReasonNul: 'il contient un octet NUL',
  pathReasonBackslash: 'il contient une barre oblique inverse',
  pathReasonAbsolute: 'il est absolu',
  pathReasonUp: 'il remonte avec « .. »',
  pathReasonNotNormal: 'ce n’est pas un chemin normalisé',
  pathReasonGit: 'il est dans .git',
  pathReasonStaging: 'il est dans un dossier de préparation de create-livrable',
  // ── --help ─────────────────────────────────────────────────────────────────────────────────
  helpText: 'texte',
  helpDefault: 'par défaut : {value}',
  helpAskedOnTerminal: ', demandé dans un terminal sauf avec --yes',
  helpAsked: ', demandé sauf avec --yes',
  helpFile: 'fichier',
  helpColumn: 'colonne',
  help: `create-livrable {version}
Crée un projet de science des données adapté à son livrable et à sa phase du cycle de vie.

Utilisation :
  npm create livrable@latest [dossier] -- [options]
  create-livrable [dossier] [options]
  create-livrable upgrade [dossier] --phase <phase>     fait passer un projet à une phase, en gardant vos modifications
  create-livrable doctor [dossier]                      audite tout dépôt selon la liste de la phase
  create-livrable add step|page <nom> [dossier]         agrandit un projet : une étape du pipeline, une page
  create-livrable add deliverable <d> [dossier]         un livrable de plus dans le même dépôt
  (chaque sous-commande a son propre --help)

Options du projet :
{options}

Vos propres données (les deux ou aucune ; voir le README, « Your own data ») :
{datasetOptions}

Options d’exécution :
  --preset <fichier>    fichier JSON ou YAML avec les options du projet ci-dessus (les options passées l’emportent)
  -y, --yes             accepte les valeurs par défaut de tout ce qui n’est pas donné
  --no-interactive      ne pose aucune question (implicite si l’entrée n’est pas un terminal ou si CI est défini)
  --dry-run             affiche le plan sans rien écrire : chaque fichier avec le modèle d’où il vient
                        (templates/…), et les fragments assemblés dans README.md, etc.
  --json                avec --dry-run : affiche le plan en JSON
                        {"target","answers","dataset"?,"layers":[{"id","dir"}],
                         "files":[{"path","layer","template","fragments"?}]}
                        (dataset : la description inférée de --dataset)
                        (template vaut null pour le fichier calculé .livrable.json)
  --overwrite           accepte un dossier cible non vide (les fichiers de même nom sont remplacés)
  --git, --no-git       git init et un premier commit (par défaut : oui si git est installé)
  --install, --no-install
                        uv lock et uv sync dans le nouveau projet (par défaut : oui si uv est installé)
  -h, --help            affiche cette aide
  -v, --version         affiche la version

Codes de sortie :
  0    succès
  1    erreur inattendue, ou annulation (Ctrl-C / Échap à une question) ; rien n’est écrit
  2    erreur d’utilisation ou de validation (option ou valeur invalide, nom invalide, dossier
       cible non vide, réponses manquantes sans questions) ; rien n’est écrit
  130  interrompu (Ctrl-C) pendant git ou uv : le projet est écrit, et le message dit
       quoi lancer pour terminer

Exemples :
  npm create livrable@latest mon-api -- --deliverable api --yes
  npm create livrable@latest tp-cours -- --preset classe.yaml --no-interactive
  npm create livrable@latest mon-rapport -- --deliverable report --dry-run --json
  npm create livrable@latest mon-service -- --deliverable api,website --yes
  npm create livrable@latest churn -- --dataset clients.csv --target resilie --yes
`,
};

/** The French twins of domain.ts's texts, keyed `<option>.help|prompt`, `<option>.<value>.label|hint`. */
const options: Readonly<Record<string, string>> = {
  'deliverable.help': 'ce que livre le projet ; plusieurs en liste, le premier principal : api,website, api,report ou api,app (jusqu’à la production)',
  'deliverable.prompt': 'Que livre ce projet ?',
  'deliverable.api.label': 'API',
  'deliverable.api.hint': 'service FastAPI qui sert le modèle',
  'deliverable.app.label': 'Application',
  'deliverable.app.hint': 'application Streamlit interactive',
  'deliverable.report.label': 'Rapport',
  'deliverable.report.hint': 'rapport Quarto automatisé et paramétré',
  'deliverable.website.label': 'Site web',
  'deliverable.website.hint': 'site Quarto : fiche du modèle, fiche des données, résultats',
  'phase.help': 'phase du cycle de vie où en est le projet',
  'phase.prompt': 'À quelle phase du cycle de vie en est-il ?',
  'phase.development.label': 'Développement',
  'phase.development.hint': 'code, exploration, tests, intégration continue',
  'phase.production.label': 'Production',
  'phase.production.hint': 'conteneur, Kubernetes, GitOps, Argo Workflows',
  'phase.maintenance.label': 'Maintenance',
  'phase.maintenance.hint': 'surveillance, contrôle de la dérive, mise à jour des dépendances',
  'ci.help': 'service d’intégration continue',
  'ci.prompt': 'Où le projet est-il hébergé (sa CI) ?',
  'ci.github.label': 'GitHub Actions',
  'ci.github.hint': '.github/workflows/, Dependabot, GitHub Pages, ghcr.io',
  'ci.gitlab.label': 'GitLab CI/CD',
  'ci.gitlab.hint': '.gitlab-ci.yml, Renovate, GitLab Pages, le registre de GitLab',
  'name.help': 'nom affiché du projet (par défaut : le nom du dossier)',
  'package.help': 'nom d’import Python (par défaut : dérivé du nom)',
  'description.help': 'description en une ligne',
  'author.help': 'auteur (par défaut : git config user.name)',
  'license.help': 'licence du projet généré',
  'license.MIT.label': 'MIT',
  'license.Apache-2.0.label': 'Apache-2.0',
  'license.BSD-3-Clause.label': 'BSD-3-Clause',
  'license.none.label': 'aucune',
  'python.help': 'version minimale de Python du projet généré',
  'python.3.11.label': '3.11',
  'python.3.12.label': '3.12',
  'python.3.13.label': '3.13',
  'dataset.help': 'fichier CSV ou Parquet à utiliser à la place des manchots (un échantillon en est livré)',
  'target.help': 'la colonne de --dataset à prédire',
  'lang.help': 'langue des messages et des documents générés (par défaut : selon la locale)',
  'lang.en.label': 'English',
  'lang.fr.label': 'Français',
};

export const fr: Catalogue = { messages, options };
