<#ftl output_format="plainText">
${msg("ccEmailResetLinkIntro", ccSiteName)}

${ccLink}

${msg("ccEmailCodeExpiry", ccMinutes)}

${msg("ccEmailResetLinkNotYou")}
