/// A stable diagnostic code. Codes never change meaning, and a retired code is never reused.
public struct Code: Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public let title: String
    public let `class`: Diagnostic.Class
    public let defaultSeverity: Diagnostic.Severity
    /// A file that could not be read as a document at all (not read, no or unclosed front matter, not YAML, not
    /// UTF-8): what it declares is missing, so its error is the cause of others and printed first.
    public let isUnreadable: Bool

    public init(_ id: String, _ title: String, _ cls: Diagnostic.Class = .userFixable, _ severity: Diagnostic.Severity = .error) {
        self.id = id
        self.title = title
        self.class = cls
        self.defaultSeverity = severity
        isUnreadable = ["E0101", "E0102", "E0103", "E0104", "E0111"].contains(id)
    }

    public var description: String { id }

    public static func == (a: Code, b: Code) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    // Files and front matter (E01xx)
    public static let unreadableFile = Code("E0101", "a file could not be read")
    public static let missingFrontMatter = Code("E0102", "a document has no front matter")
    public static let unclosedFrontMatter = Code("E0103", "the front matter is not closed by a `---` line")
    public static let yamlSyntax = Code("E0104", "the front matter is not valid YAML")
    public static let duplicateKey = Code("E0105", "a key appears twice in one mapping")
    public static let nonScalarKey = Code("E0106", "a mapping key is not a plain string")
    public static let misplacedFile = Code("E0107", "a file is not where a document of any kind can be", .userFixable, .warning)
    public static let invalidSlug = Code("E0108", "a file name is not a valid slug")
    public static let duplicateSlug = Code("E0109", "two documents have the same id")
    public static let frontMatterTooLarge = Code("E0110", "the front matter expands to too many values")
    public static let notUTF8 = Code("E0111", "a file is not UTF-8 text")
    public static let bodyBeyondLimits = Code("E0112", "a Markdown body goes beyond what Almanac renders")
    public static let placeholder = Code("W0114", "a document still holds what `almanac new` wrote for the writer to replace", .userFixable, .warning)
    public static let commentInValue = Code("W0113", "a `#` after an unquoted value starts a comment that drops the rest of the line", .userFixable, .warning)

    // Fields (E02xx)
    public static let missingField = Code("E0201", "a required field is missing")
    public static let wrongType = Code("E0202", "a field has the wrong type")
    public static let invalidValue = Code("E0203", "a field's value is not one of the allowed values")
    public static let unknownField = Code("E0204", "a field is not part of the kind")
    public static let invalidDate = Code("E0205", "a date or datetime is malformed")
    public static let outOfRange = Code("E0206", "a number is out of its allowed range")

    // References and links (E03xx)
    public static let unknownReference = Code("E0301", "a reference names no document")
    public static let unknownPerson = Code("E0302", "a person is not a member of any team")
    public static let brokenLink = Code("E0303", "a body link points at no document")
    public static let brokenAnchor = Code("E0304", "a body link's anchor is not a heading of its target")
    public static let unknownEnvironment = Code("E0305", "an environment is not one of almanac.yaml")
    public static let unknownCohort = Code("E0306", "a cohort is not one of almanac.yaml")
    public static let scriptLink = Code("W0307", "a body link or image would run script", .userFixable, .warning)

    // Rules of the content model beyond one field (E04xx)
    public static let timelineOrder = Code("E0401", "a postmortem's timeline is out of order")
    public static let auditOrder = Code("E0402", "a flag's audit log is out of time order")
    public static let auditMismatch = Code("W0403", "a flag's audit log does not end in its declared state", .userFixable, .warning)
    public static let scheduleOrder = Code("E0404", "a flag's schedule goes back in time or lowers a rollout")
    public static let weights = Code("E0405", "an experiment's variant weights do not sum to 100")
    public static let control = Code("E0406", "an experiment does not have exactly one control")
    public static let conclusion = Code("E0407", "a concluded experiment lacks results or a decision")
    public static let duplicateStep = Code("E0408", "two steps of a rollout plan have the same id")
    public static let unknownStep = Code("E0409", "a step names a step that does not exist")
    public static let planCycle = Code("E0410", "a rollout plan's steps form a cycle")
    public static let unverifiedStep = Code("E0411", "a rollout step is not followed by a verify step")
    public static let unrevertedStep = Code("E0412", "a rollout step has no rollback")
    public static let rollbackTarget = Code("E0413", "a rollback step does not name what it reverts")
    public static let decreasingRollout = Code("E0414", "a percentage decreases along a rollout plan")
    public static let dependencyCycle = Code("E0415", "services depend on each other in a cycle")
    public static let sprintOverlap = Code("E0416", "two sprints overlap")
    public static let unknownVariant = Code("E0417", "results name a variant the experiment does not have")
    public static let resultsFileFormat = Code("E0418", "an experiment's results file is not the expected CSV")
    public static let resultsFileNumber = Code("E0419", "a value in an experiment's results file is not a valid number")
    public static let unknownMetric = Code("E0420", "results name a metric the experiment does not measure")
    public static let missingControl = Code("E0421", "results lack the control variant")
    public static let layerOverAllocated = Code("E0422", "experiments of one layer that overlap in time take more than 100 % of traffic")
    public static let retryBeyondGiveUp = Code("E0423", "a retry policy's attempts cannot all be made before it gives up")
    public static let segmentUnits = Code("E0424", "the units of a dimension's segments do not add up to the variant's units")
    public static let unknownSegment = Code("E0425", "a segment is not one of the experiment's dimensions and values")
    public static let notAPilot = Code("E0426", "an experiment's `pilot` is not an experiment with status `pilot`")

    // Warnings about the state of the knowledge base as of a date (W05xx)
    public static let staleRunbook = Code("W0501", "a runbook is past its review date", .userFixable, .warning)
    public static let overdueAction = Code("W0502", "an open action item is past its due date", .userFixable, .warning)
    public static let escalatedAction = Code("W0503", "an open action item stayed undone two sprints after it fell due", .userFixable, .warning)
    public static let overlappingExperiments = Code("W0504", "two experiments may reach the same users at the same time", .userFixable, .warning)
    public static let sampleRatioMismatch = Code("W0505", "an experiment's units are not split as its weights say", .userFixable, .warning)
    public static let pilotBaselineOff = Code("W0506", "an experiment's planned baseline is more than 20 % off its pilot's", .userFixable, .warning)

    // Warnings of the reliability catalog: alerts, objectives, checks and contracts checked against each other (W06xx)
    public static let alertWithoutRunbook = Code("W0601", "a paging alert has no runbook", .userFixable, .warning)
    public static let undeclaredAlert = Code("W0602", "a runbook answers an alert that no service declares", .userFixable, .warning)
    public static let noSymptomAlert = Code("W0603", "a service pages only on causes, never on a symptom", .userFixable, .warning)
    public static let uncontractedDependency = Code("W0604", "a service depends on another without a contract", .userFixable, .warning)
    public static let staleContract = Code("W0605", "a contract has not been verified for longer than the site allows", .userFixable, .warning)
    public static let uncheckedJourney = Code("W0606", "a critical service has no synthetic check", .userFixable, .warning)
    public static let silentCheck = Code("W0607", "a synthetic check does not page", .userFixable, .warning)
    public static let unjitteredRetries = Code("W0608", "an integration retries without jitter", .userFixable, .warning)
    public static let unsignedWebhook = Code("W0609", "an inbound integration does not verify a signature", .userFixable, .warning)
    public static let noIdempotencyKey = Code("W0610", "an inbound integration has no idempotency key", .userFixable, .warning)
    public static let noDeadLetter = Code("W0611", "an integration has no dead-letter queue or no replay runbook", .userFixable, .warning)
    public static let retriesOutlastKeys = Code("W0612", "an integration's retries outlast its idempotency keys", .userFixable, .warning)
    public static let queueCannotDrain = Code("W0613", "an integration's workers cannot drain its peak within the recovery time", .userFixable, .warning)
    public static let unlistedConsumer = Code("W0614", "a contract's provider does not list the consumer", .userFixable, .warning)

    // Configuration and themes (E09xx): operator-fixable
    public static let configMissing = Code("E0901", "the content folder or almanac.yaml is missing", .operatorFixable)
    public static let configInvalid = Code("E0902", "almanac.yaml is invalid", .operatorFixable)
    public static let themeMissing = Code("E0903", "the theme folder or one of its templates is missing", .operatorFixable)
    public static let templateSyntax = Code("E0904", "a template does not parse", .operatorFixable)
    public static let outputFailed = Code("E0905", "the output folder could not be written", .operatorFixable)
    public static let unknownTemplateName = Code("E0906", "a template uses a name that no page gives it", .operatorFixable)
    public static let unknownKind = Code("E0907", "the command line names a kind of document that does not exist")
    public static let fileExists = Code("E0908", "a file the command would write exists already")
    public static let usage = Code("E0909", "the command line is not valid")

    // Bugs and broken installations of Almanac itself
    public static let internalError = Code("E0999", "Almanac itself is broken or incomplete", .fatal)

    /// Every code, for `explain` and the docs.
    public static let all: [Code] = [
        unreadableFile, missingFrontMatter, unclosedFrontMatter, yamlSyntax, duplicateKey, nonScalarKey,
        misplacedFile, invalidSlug, duplicateSlug, frontMatterTooLarge, notUTF8, bodyBeyondLimits, commentInValue, placeholder,
        missingField, wrongType, invalidValue, unknownField, invalidDate, outOfRange,
        unknownReference, unknownPerson, brokenLink, brokenAnchor, unknownEnvironment, unknownCohort, scriptLink,
        timelineOrder, auditOrder, auditMismatch, scheduleOrder, weights, control, conclusion, duplicateStep, unknownStep,
        planCycle, unverifiedStep, unrevertedStep, rollbackTarget, decreasingRollout, dependencyCycle, sprintOverlap,
        unknownVariant, resultsFileFormat, resultsFileNumber, unknownMetric, missingControl, layerOverAllocated, retryBeyondGiveUp,
        segmentUnits, unknownSegment, notAPilot,
        staleRunbook, overdueAction, escalatedAction, overlappingExperiments, sampleRatioMismatch, pilotBaselineOff,
        alertWithoutRunbook, undeclaredAlert, noSymptomAlert, uncontractedDependency, staleContract, uncheckedJourney, silentCheck,
        unjitteredRetries, unsignedWebhook, noIdempotencyKey, noDeadLetter, retriesOutlastKeys, queueCannotDrain, unlistedConsumer,
        configMissing, configInvalid, themeMissing, templateSyntax, outputFailed, unknownTemplateName, unknownKind, fileExists, usage,
        internalError,
    ]
}
