import ArgumentParser

/// `greenroom settings …`: team settings from the command line.
struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Team settings: the pipeline's stages, SLA policies and business hours, KPI targets, the QA rubric.",
        subcommands: [StagesCommand.self, SLACommand.self, KPISettingsCommand.self, DeleteGuardCommand.self, QASettingsCommand.self]
    )
}
