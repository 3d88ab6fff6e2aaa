<#ftl output_format="plainText">
${msg("ccEmailBatchPausedBody", ccSiteName, ccBatchSlice, ccBatchRest)}

${msg("ccEmailBatchPausedWhy")} ${ccBatchPauseReason!""}

${msg("ccEmailBatchId")}: ${ccBatchId}
${msg("ccEmailBatchSource")}: ${ccBatchSource}
${msg("ccEmailBatchSubmitter")}: ${ccBatchSubmitter}
${msg("ccEmailBatchReason")}: ${ccBatchReason}

<#if ccConsoleUrl??>${msg("ccEmailBatchConsole")}
${ccConsoleUrl}

</#if>
${msg("ccEmailBatchPausedHowTo")}
POST ${ccServerUrl!""}${ccContinuePath?remove_beginning("/")}
POST ${ccServerUrl!""}${ccRevertPath?remove_beginning("/")}   {"notifyUsers": true}
POST ${ccServerUrl!""}${ccDropRestPath?remove_beginning("/")}
