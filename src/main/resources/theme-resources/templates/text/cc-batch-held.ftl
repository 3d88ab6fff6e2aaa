<#ftl output_format="plainText">
${msg("ccEmailBatchHeldBody", ccSiteName)}

${msg("ccEmailBatchId")}: ${ccBatchId}
${msg("ccEmailBatchSource")}: ${ccBatchSource}
${msg("ccEmailBatchSubmitter")}: ${ccBatchSubmitter}
${msg("ccEmailBatchReason")}: ${ccBatchReason}
${msg("ccEmailBatchNewFlags")}: ${ccBatchNewFlags} (${msg("ccEmailBatchReceived", ccBatchReceived)})
<#if ccBatchHoldReason??>${msg("ccEmailBatchWhyHeld")}: ${ccBatchHoldReason}
</#if>
${msg("ccEmailBatchUserMessage")}: ${ccBatchUserMessage!msg("ccEmailBatchCategoryText")}
<#if ccBatchEvidence??>${msg("ccEmailBatchEvidence")}: ${ccBatchEvidence}
</#if>

${msg("ccEmailBatchSample")}
<#list ccBatchSample as subject>  - ${subject}
</#list>
<#if (ccBatchMore > 0)>  - ${msg("ccEmailBatchMore", ccBatchMore)}
</#if>

<#if ccConsoleUrl??>${msg("ccEmailBatchConsole")}
${ccConsoleUrl}

</#if>
${msg("ccEmailBatchHowTo")}
POST ${ccServerUrl!""}${ccApprovePath?remove_beginning("/")}
POST ${ccServerUrl!""}${ccRejectPath?remove_beginning("/")}
