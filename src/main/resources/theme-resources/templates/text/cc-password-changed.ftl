<#ftl output_format="plainText">
${msg("ccEmailPasswordChangedBody", ccSiteName, ccChangedOn!"")}

${msg("ccEmailPasswordChangedNotYou")}
<#if ccSupport??>

${msg("ccEmailSupport", ccSupport)}
</#if>
