<#ftl output_format="plainText">
${ccSiteName} - ${msg("ccEmailBrandSecurity")}

${msg("ccEmailFlaggedWhat", ccFlaggedOn, ccSiteName)}

<#if ccUserMessage??>${ccUserMessage}<#else>${msg(ccReasonKey)}</#if>

${msg("ccEmailWhatToDoTitle")}
${msg("ccEmailFlaggedTodo", ccSiteName)}

${msg("ccEmailGenuineTitle")}
${msg("ccEmailFlaggedGenuine", ccSiteName)}
<#if ccAccountUrl??>

${msg("ccEmailFlaggedLink")} ${ccAccountUrl}
</#if>
<#if ccSupport??>

${msg("ccEmailSupport", ccSupport)}
</#if>
